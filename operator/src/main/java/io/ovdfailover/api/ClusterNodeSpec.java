package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** SSH access to one node of an {@link OvdFailoverCluster}. */
@JsonClassDescription(
    "Which node of which cluster this is, and how the operator reaches it over SSH.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterNodeSpec extends LenientSpec.Marked {
  /** Reads the spec of an {@link ClusterNode} leniently. */
  public static final class Lenient extends LenientSpec<ClusterNodeSpec> {
    public Lenient() {
      super(ClusterNodeSpec.class, ClusterNodeSpec::new);
    }
  }

  @JsonPropertyDescription("Name of the OvdFailoverCluster (same namespace) this node belongs to.")
  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 253)
  public String cluster;

  @JsonPropertyDescription(
      "Name of the node in the cluster's topology (osm1, pcs3, dbmy...). Defaults to metadata.name.")
  @Pattern(Patterns.HOSTNAME_LABEL)
  @Size(max = 63)
  public String nodeName;

  @JsonPropertyDescription(
      "How the operator reaches the node over SSH: address, login, private key and pinned host key.")
  @Required
  public SshAccessSpec ssh;

  /** The topology name this node answers to. */
  public String effectiveNodeName(String metadataName) {
    return nodeName != null && !nodeName.isBlank() ? nodeName : metadataName;
  }
}
