package io.ovdfailover.hosts;

import java.util.Optional;

/**
 * Apache as packaged by a distribution.
 *
 * @param service systemd unit ({@code apache2} or {@code httpd}): stopped on osm2 before it joins
 * @param user owner of the Session Manager config ({@code install -o www-data ...})
 * @param group its group
 * @param configFile {@code configfile=} for {@code ocf:heartbeat:apache}, where the agent cannot
 *     find it alone (Ubuntu 16.04: /etc/apache2/apache2.conf)
 * @param statusConf the /etc/httpd/conf.d/status.conf the guide adds "Only for EL7", if needed
 */
public record ApacheLayout(
    String service,
    String user,
    String group,
    Optional<String> configFile,
    Optional<String> statusConf) {
  /** EL7's Apache 2.4 with the guide's 2.2-style access control (mod_access_compat). */
  public static final String EL7_STATUS_CONF =
      """
      <Location /server-status>
      SetHandler server-status
      Order Deny,Allow
      Deny from all
      Allow from 127.0.0.1
      </Location>
      """;

  public static final String EL7_STATUS_CONF_PATH = "/etc/httpd/conf.d/status.conf";

  static ApacheLayout debian() {
    return new ApacheLayout("apache2", "www-data", "www-data", Optional.empty(), Optional.empty());
  }

  static ApacheLayout redHat() {
    return new ApacheLayout("httpd", "apache", "apache", Optional.empty(), Optional.empty());
  }

  ApacheLayout withConfigFile(String path) {
    return new ApacheLayout(service, user, group, Optional.of(path), statusConf);
  }

  ApacheLayout withStatusConf(String content) {
    return new ApacheLayout(service, user, group, configFile, Optional.of(content));
  }
}
