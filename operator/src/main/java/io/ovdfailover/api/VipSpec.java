package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The `virtual_ip` IPaddr2 resource and the `cluster-vip-src` SNAT service (chapter IV). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.SNAT_CIDRS,
    message = CelRules.SNAT_CIDRS_MSG,
    fieldPath = ".snatDestinations",
    reason = CelRules.INVALID)
public class VipSpec {

  @JsonPropertyDescription(
      "The virtual IP address (the guide's 10.20.1.10), on the session managers' service network.")
  @Required
  @Pattern(Patterns.IPV4)
  @Size(max = 15)
  public String address;

  @JsonPropertyDescription("Prefix length of the VIP's network (IPaddr2 cidr_netmask).")
  @Default("24")
  @Min(1)
  @Max(32)
  public int cidrNetmask = 24;

  @JsonPropertyDescription(
      "NIC the VIP is added to (IPaddr2 nic, and NIC in /etc/default/cluster-vip-src).")
  @Default("eth0")
  @Pattern(Patterns.NIC)
  @Size(max = 15)
  public String nic = "eth0";

  @JsonPropertyDescription(
      "Destinations whose outgoing traffic leaves with the VIP as source (ADDRESS in "
          + "/etc/default/cluster-vip-src): every OAS, OFS and ESG server or subnet, in CIDR notation.")
  @Size(min = 1, max = 32)
  public List<String> snatDestinations = new ArrayList<>(List.of("0.0.0.0/0"));

  public VipSpec() {}

  public VipSpec(String address, int cidrNetmask) {
    this.address = address;
    this.cidrNetmask = cidrNetmask;
  }
}
