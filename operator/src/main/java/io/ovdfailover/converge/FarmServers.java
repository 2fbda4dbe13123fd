package io.ovdfailover.converge;

import io.ovdfailover.api.FarmServerSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.LineQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chapter IV step 4 as the hosts show it: which file holds each farm server's Session Manager host
 * and whether it names the VIP. The file is chosen from the role and from what the server has,
 * never from a version in the spec: an OWA without slaveserver.conf but with its own config.inc.php
 * is one from before OVD 3.3.0 (the guide's warning).
 */
public final class FarmServers {
  static final String SLAVESERVER_CONF = "/etc/ovd/slaveserver/slaveserver.conf";
  static final String WEB_ACCESS_CONFIG = "/etc/ovd/web-access/config.inc.php";
  static final String ADMIN_CONSOLE_CONFIG = "/etc/ovd/administration-console/config.inc.php";

  /** "Restart the OVD service": the slave server reads its configuration when it starts. */
  static final String SERVICE = "ovd-slaveserver";

  /** From before an edit of slaveserver.conf until the restart after it: a crash resumes there. */
  static final String RESTART_MARK = "/var/lib/ovd-failover/farm-restart";

  /** The OVD Session Manager's host in a PHP configuration (the web access, the console). */
  static final String PHP_KEY = "define('SESSIONMANAGER_HOST'";

  /**
   * Where a server keeps the Session Manager's host: one row per kind of file.
   *
   * @param restarts whether the OVD service must restart to read it (PHP reads it per request)
   */
  public enum Setting {
    SLAVESERVER(SLAVESERVER_CONF, "session_manager in [main]", true),
    WEB_ACCESS(WEB_ACCESS_CONFIG, "SESSIONMANAGER_HOST (OWA before 3.3.0)", false),
    ADMIN_CONSOLE(ADMIN_CONSOLE_CONFIG, "SESSIONMANAGER_HOST", false);

    public final String path;
    public final String what;
    public final boolean restarts;

    Setting(String path, String what, boolean restarts) {
      this.path = path;
      this.what = what;
      this.restarts = restarts;
    }

    /** The lines that say "the VIP": either spacing of the ini key, the PHP define. */
    List<LineQuery> vipLines(String vip) {
      return this == SLAVESERVER
          ? List.of(
              new LineQuery(path, "session_manager = " + vip, "session_manager"),
              new LineQuery(path, "session_manager=" + vip, "session_manager"))
          : List.of(new LineQuery(path, PHP_KEY + ", '" + vip + "');", PHP_KEY));
    }
  }

  /** What a farm server's state is, as status shows it. */
  public enum State {
    /** Its Session Manager host is the VIP and nothing is left to restart. */
    PointsToVip,
    /** Its file names another host: the operator changes it. */
    NotPointingToVip,
    /** The file names the VIP, the OVD service has not restarted since. */
    RestartPending,
    /** None of the files its role uses exists. */
    NoConfiguration,
    /** Its probe failed, or no ClusterNode gives access. */
    Unreachable,
    /** A Windows OAS: the registry key is changed by a person. */
    ManualStep
  }

  /** One farm server as the pass saw it. */
  public record View(FarmServerSpec spec, State state, Optional<Setting> setting, String message) {}

  private FarmServers() {}

  /** What every farm server's probe reads; the same request goes to every node. */
  static FactsRequest probes(OvdFailoverClusterSpec spec) {
    if (spec.linuxFarmServers().isEmpty() || spec.vip == null || spec.vip.address == null) {
      return FactsRequest.NONE;
    }
    List<LineQuery> lines = new ArrayList<>();
    for (Setting s : Setting.values()) {
      lines.addAll(s.vipLines(spec.vip.address));
    }
    return FactsRequest.ofPaths(
            List.of(SLAVESERVER_CONF, WEB_ACCESS_CONFIG, ADMIN_CONSOLE_CONFIG, RESTART_MARK))
        .plus(FactsRequest.ofLines(lines));
  }

  /** Every farm server of the spec, in its order. */
  public static List<View> read(
      OvdFailoverClusterSpec spec,
      Map<String, HostFacts> facts,
      Map<String, HostException> unreachable) {
    List<View> views = new ArrayList<>();
    if (spec.farmServers == null) {
      return views;
    }
    for (FarmServerSpec f : spec.farmServers) {
      if (f == null || f.name == null) {
        continue;
      }
      views.add(view(spec, f, facts.get(f.name), unreachable.get(f.name)));
    }
    return views;
  }

  private static View view(
      OvdFailoverClusterSpec spec, FarmServerSpec f, HostFacts facts, HostException failure) {
    String vip = spec.vip.address;
    if (!f.linux()) {
      return new View(
          f,
          State.ManualStep,
          Optional.empty(),
          "Windows: set session_manager under HKEY_LOCAL_MACHINE\\SOFTWARE\\OVD\\SlaveServer to "
              + vip
              + ", restart the OVD service, check the server is back online in the Admin Console");
    }
    if (facts == null) {
      return new View(
          f,
          State.Unreachable,
          Optional.empty(),
          failure != null ? failure.getMessage() : "not probed yet");
    }
    Optional<Setting> setting = setting(f, facts);
    if (setting.isEmpty()) {
      return new View(
          f,
          State.NoConfiguration,
          Optional.empty(),
          "none of the files an "
              + f.role
              + " keeps its Session Manager host in exists ("
              + (f.role == FarmServerSpec.Role.AC
                  ? ADMIN_CONSOLE_CONFIG
                  : f.role == FarmServerSpec.Role.OWA
                      ? SLAVESERVER_CONF + ", " + WEB_ACCESS_CONFIG
                      : SLAVESERVER_CONF)
              + "): is OVD installed there?");
    }
    Setting s = setting.get();
    boolean onVip = s.vipLines(vip).stream().anyMatch(q -> facts.line(q).exact() >= 1);
    if (!onVip) {
      return new View(
          f, State.NotPointingToVip, setting, s.path + ": " + s.what + " is not " + vip + " yet");
    }
    if (s.restarts && facts.path(RESTART_MARK).exists()) {
      return new View(
          f,
          State.RestartPending,
          setting,
          s.path + " names " + vip + "; " + SERVICE + " has not restarted since");
    }
    return new View(f, State.PointsToVip, setting, s.path + ": " + s.what + " = " + vip);
  }

  /** The file the server's role keeps the host in, among those it has. */
  static Optional<Setting> setting(FarmServerSpec f, HostFacts facts) {
    boolean slaveserver = facts.path(SLAVESERVER_CONF).exists();
    return switch (f.role) {
      case AC ->
          facts.path(ADMIN_CONSOLE_CONFIG).exists()
              ? Optional.of(Setting.ADMIN_CONSOLE)
              : Optional.empty();
      case OWA ->
          slaveserver
              ? Optional.of(Setting.SLAVESERVER)
              : facts.path(WEB_ACCESS_CONFIG).exists()
                  ? Optional.of(Setting.WEB_ACCESS)
                  : Optional.empty();
      default -> slaveserver ? Optional.of(Setting.SLAVESERVER) : Optional.empty();
    };
  }
}
