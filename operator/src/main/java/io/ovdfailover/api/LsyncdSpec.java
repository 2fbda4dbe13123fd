package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** lsyncd between the session managers (chapter V). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LsyncdSpec {
  @JsonPropertyDescription("Folders kept in sync. Default from the distro profile, as in the guide: "
      + "/var/spool/ovd/session-manager, /etc/ovd/session-manager and the PHP session folder "
      + "(/var/lib/php/sessions on Debian/Ubuntu, /var/lib/php/session on RHEL).")
  public List<String> folders;
}
