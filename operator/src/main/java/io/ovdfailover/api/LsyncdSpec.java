package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** lsyncd between the session managers (chapter V). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.FOLDERS,
    message = CelRules.FOLDERS_MSG,
    fieldPath = ".folders",
    reason = CelRules.INVALID)
public class LsyncdSpec {
  @JsonPropertyDescription(
      "Folders kept in sync. Default from the distro profile, as in the guide: "
          + "/var/spool/ovd/session-manager, /etc/ovd/session-manager and the PHP session folder "
          + "(/var/lib/php/sessions on Debian/Ubuntu, /var/lib/php/session on RHEL).")
  @Size(min = 1, max = 16)
  public List<String> folders;

  @JsonPropertyDescription(
      "A canary file timed from the active to the passive session manager (off by default: it is a "
          + "write). lsyncd's state on both session managers and its log are watched in any case.")
  public SyncCanarySpec canary;

  public boolean canaryEnabled() {
    return canary != null && canary.enabled;
  }
}
