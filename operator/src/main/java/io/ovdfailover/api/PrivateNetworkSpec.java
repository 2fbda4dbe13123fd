package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The dedicated cluster network: corosync links and the `.priv` names in /etc/hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.CIDR_NO_HOST_BITS,
    message = CelRules.CIDR_NO_HOST_BITS_MSG,
    fieldPath = ".cidr",
    reason = CelRules.INVALID)
public class PrivateNetworkSpec {

  @JsonPropertyDescription(
      "The private network in CIDR notation, e.g. 192.168.100.0/24. Every node's privateAddress lies in it.")
  @Required
  @Pattern(Patterns.IPV4_CIDR)
  @Size(max = 18)
  public String cidr;

  @JsonPropertyDescription("Domain suffix of the private names in /etc/hosts (osm1.priv).")
  @Default("priv")
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  @Size(max = 63)
  public String domain = "priv";

  public PrivateNetworkSpec() {}

  public PrivateNetworkSpec(String cidr) {
    this.cidr = cidr;
  }

  /** {@link #cidr} parsed; the spec is validated before anything reads it. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Ipv4.Cidr network() {
    return Ipv4.Cidr.parse(cidr)
        .orElseThrow(() -> new IllegalStateException("spec.privateNetwork.cidr is not validated"));
  }
}
