package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The dedicated cluster network: corosync links and the `.priv` names in /etc/hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivateNetworkSpec {

  @JsonPropertyDescription("The private network in CIDR notation, e.g. 192.168.100.0/24. Every node's privateAddress lies in it.")
  @Required
  @Pattern(Patterns.IPV4_CIDR)
  public String cidr;

  @JsonPropertyDescription("Domain suffix of the private names in /etc/hosts (osm1.priv).")
  @Default("priv")
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  public String domain = "priv";

  public PrivateNetworkSpec() {}

  public PrivateNetworkSpec(String cidr) {
    this.cidr = cidr;
  }
}
