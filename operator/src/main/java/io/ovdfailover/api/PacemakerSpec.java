package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Pacemaker choices the guide makes for the site, kept as options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PacemakerSpec {
  @JsonPropertyDescription("Cluster property stonith-enabled. The guide disables fencing; Pacemaker's own docs call "
      + "that inappropriate for production. Enabling it requires fence devices, which this operator does not create yet.")
  @Default("false")
  public boolean stonithEnabled;

  @JsonPropertyDescription("Enable corosync and pacemaker at boot. The guide leaves them disabled (a rebooted node "
      + "then stays out of the cluster until started by hand or by this operator).")
  @Default("false")
  public boolean startOnBoot;
}
