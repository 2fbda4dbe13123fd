package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One VM of the topology: its hostname and addresses. How to reach it over SSH is in its {@link
 * ClusterNode}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeSpec {

  @JsonPropertyDescription(
      "Hostname the node gets (`hostnamectl set-hostname`), e.g. osm1. Its private name is "
          + "<name>.<privateNetwork.domain> (osm1.priv). A ClusterNode with this nodeName gives SSH access to it.")
  @Required
  @Pattern(Patterns.HOSTNAME_LABEL)
  @Size(max = 63)
  public String name;

  @JsonPropertyDescription(
      "Address on the service network (the ovd-srv VLAN). Required for session managers, whose "
          + "service network holds the VIP.")
  @Pattern(Patterns.IPV4)
  @Size(max = 15)
  public String serviceAddress;

  @JsonPropertyDescription("NIC on the service network (the guide's eth0).")
  @Default("eth0")
  @Pattern(Patterns.NIC)
  @Size(max = 15)
  public String serviceNic = "eth0";

  @JsonPropertyDescription(
      "Static address on the private network (the guide's 192.168.100.x), set on privateNic.")
  @Required
  @Pattern(Patterns.IPV4)
  @Size(max = 15)
  public String privateAddress;

  @JsonPropertyDescription("NIC on the private network (the guide's second NIC, eth1).")
  @Default("eth1")
  @Pattern(Patterns.NIC)
  @Size(max = 15)
  public String privateNic = "eth1";

  public NodeSpec() {}

  public NodeSpec(String name, String serviceAddress, String privateAddress) {
    this.name = name;
    this.serviceAddress = serviceAddress;
    this.privateAddress = privateAddress;
  }
}
