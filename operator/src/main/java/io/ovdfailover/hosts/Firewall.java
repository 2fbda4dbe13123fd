package io.ovdfailover.hosts;

import java.util.List;

/**
 * The host firewall of the "Firewall and Ports" section: Pacemaker needs TCP 2224, 3121, 9929 and UDP 5405, 9929
 * open; the dbmy node needs TCP 3306 ("Configure the firewall to allow incoming traffic on port TCP 3306").
 */
public enum Firewall {
  UFW("ufw", "ufw") {
    @Override
    public List<String> pacemakerRules() {
      return List.of("ufw allow in proto tcp from any to any port 2224,3121,9929",
          "ufw allow in proto udp from any to any port 5405,9929");
    }

    @Override
    public List<String> mysqlRules() {
      return List.of("ufw allow in proto tcp from any to any port 3306");
    }
  },
  /** firewalld's {@code high-availability} service covers the Pacemaker ports (and a few more). */
  FIREWALLD("firewalld", "firewalld") {
    @Override
    public List<String> pacemakerRules() {
      return List.of("firewall-cmd --add-service=high-availability",
          "firewall-cmd --permanent --add-service=high-availability");
    }

    @Override
    public List<String> mysqlRules() {
      return List.of("firewall-cmd --add-port=3306/tcp", "firewall-cmd --permanent --add-port=3306/tcp");
    }
  };

  private final String packageName;
  private final String unit;

  Firewall(String packageName, String unit) {
    this.packageName = packageName;
    this.unit = unit;
  }

  public abstract List<String> pacemakerRules();

  public abstract List<String> mysqlRules();

  public String unit() {
    return unit;
  }

  /**
   * Whether the firewall is in use on the host: rules are only added where it is installed and running (a
   * Debian 12 host has no firewall by default; adding ufw rules would install and enable nothing).
   */
  public boolean inUse(HostFacts facts) {
    return facts.installed(packageName) && facts.unit(unit).active();
  }
}
