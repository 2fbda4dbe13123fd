package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One server of the OVD farm that must follow the VIP (chapter IV, step 4, "If using IP"): the
 * operator points a Linux server's Session Manager setting at the VIP; a Windows one is a manual
 * step it lists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FarmServerSpec {
  /** The guide's names for the farm's servers. */
  public enum Role {
    /** Application server. */
    OAS,
    /** File server. */
    OFS,
    /** Enterprise secure gateway. */
    ESG,
    /** Web access (before OVD 3.3.0 its own config.inc.php holds the Session Manager host). */
    OWA,
    /** A dedicated administration console. */
    AC
  }

  public enum Os {
    Linux,
    /** The registry holds the setting: listed as a manual step, never dialled. */
    Windows
  }

  @JsonPropertyDescription(
      "The server's name; for a Linux server, a ClusterNode with this nodeName gives SSH access"
          + " to it.")
  @Required
  @Pattern(Patterns.HOSTNAME_LABEL)
  @Size(max = 63)
  public String name;

  @JsonPropertyDescription(
      "OAS, OFS, ESG, OWA or AC (a dedicated administration console): which file holds the"
          + " Session Manager host.")
  @Required
  @Size(max = 3)
  public Role role;

  @JsonPropertyDescription(
      "Linux (the operator edits the file over SSH) or Windows (an OAS: the registry key is a"
          + " manual step shown in status).")
  @Default("Linux")
  @Size(max = 7)
  public Os os = Os.Linux;

  public FarmServerSpec() {}

  public FarmServerSpec(String name, Role role, Os os) {
    this.name = name;
    this.role = role;
    this.os = os;
  }

  public boolean linux() {
    return os != Os.Windows;
  }
}
