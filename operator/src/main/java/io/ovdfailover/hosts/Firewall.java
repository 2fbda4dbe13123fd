package io.ovdfailover.hosts;

import java.util.List;

/**
 * The host firewall of the "Firewall and Ports" section: Pacemaker needs TCP 2224, 3121, 9929 and
 * UDP 5405, 9929 open; the dbmy node needs TCP 3306 ("Configure the firewall to allow incoming
 * traffic on port TCP 3306").
 */
public enum Firewall {
  UFW("ufw", "ufw") {
    @Override
    public List<String> pacemakerRules() {
      return List.of(
          "ufw allow in proto tcp from any to any port 2224,3121,9929",
          "ufw allow in proto udp from any to any port 5405,9929");
    }

    @Override
    public List<String> mysqlRules() {
      return List.of("ufw allow in proto tcp from any to any port 3306");
    }

    /** ufw records each added rule as a tuple comment in user.rules. */
    @Override
    public List<LineQuery> pacemakerEvidence() {
      return List.of(
          LineQuery.of(
              UFW_RULES, "### tuple ### allow tcp 2224,3121,9929 0.0.0.0/0 any 0.0.0.0/0 in"),
          LineQuery.of(UFW_RULES, "### tuple ### allow udp 5405,9929 0.0.0.0/0 any 0.0.0.0/0 in"));
    }

    @Override
    public List<LineQuery> mysqlEvidence() {
      return List.of(
          LineQuery.of(UFW_RULES, "### tuple ### allow tcp 3306 0.0.0.0/0 any 0.0.0.0/0 in"));
    }
  },
  /** firewalld's {@code high-availability} service covers the Pacemaker ports (and a few more). */
  FIREWALLD("firewalld", "firewalld") {
    @Override
    public List<String> pacemakerRules() {
      return List.of(
          "firewall-cmd --add-service=high-availability",
          "firewall-cmd --permanent --add-service=high-availability");
    }

    @Override
    public List<String> mysqlRules() {
      return List.of(
          "firewall-cmd --add-port=3306/tcp", "firewall-cmd --permanent --add-port=3306/tcp");
    }

    /** The permanent configuration of the default zone (public) lists what --permanent added. */
    @Override
    public List<LineQuery> pacemakerEvidence() {
      return List.of(LineQuery.of(FIREWALLD_ZONE, "<service name=\"high-availability\"/>"));
    }

    @Override
    public List<LineQuery> mysqlEvidence() {
      return List.of(LineQuery.of(FIREWALLD_ZONE, "<port port=\"3306\" protocol=\"tcp\"/>"));
    }
  };

  static final String UFW_RULES = "/etc/ufw/user.rules";
  static final String FIREWALLD_ZONE = "/etc/firewalld/zones/public.xml";

  private final String packageName;
  private final String unit;

  Firewall(String packageName, String unit) {
    this.packageName = packageName;
    this.unit = unit;
  }

  public abstract List<String> pacemakerRules();

  public abstract List<String> mysqlRules();

  /** Lines that are in the firewall's saved configuration once {@link #pacemakerRules()} ran. */
  public abstract List<LineQuery> pacemakerEvidence();

  /** Lines that are in the firewall's saved configuration once {@link #mysqlRules()} ran. */
  public abstract List<LineQuery> mysqlEvidence();

  public String packageName() {
    return packageName;
  }

  public String unit() {
    return unit;
  }

  /**
   * Whether the firewall is in use on the host: rules are only added where it is installed and
   * running (a Debian 12 host has no firewall by default; adding ufw rules would install and enable
   * nothing).
   */
  public boolean inUse(HostFacts facts) {
    return facts.installed(packageName) && facts.unit(unit).active();
  }
}
