package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Downtime is the user's decision: the steps the guide runs in Maintenance Mode (database switch,
 * first VIP) wait in phase WaitingForMaintenance until this allows them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceSpec {
  @JsonPropertyDescription(
      "Allow the steps that interrupt the Session Manager, which the guide runs in Maintenance Mode "
          + "(the database move of chapter III, the first start of the VIP in chapter IV), to run now. "
          + "Until then they wait in phase WaitingForMaintenance.")
  @Default("false")
  public boolean allowDowntime;
}
