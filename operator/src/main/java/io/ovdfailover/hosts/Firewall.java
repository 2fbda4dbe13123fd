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
    public List<String> pacemakerRules(String source) {
      return List.of(
          "ufw allow in proto tcp from " + ufwSource(source) + " to any port 2224,3121,9929",
          "ufw allow in proto udp from " + ufwSource(source) + " to any port 5405,9929");
    }

    @Override
    public List<String> mysqlRules(String source) {
      return List.of("ufw allow in proto tcp from " + ufwSource(source) + " to any port 3306");
    }

    @Override
    public List<String> quorumDeviceRules(String source) {
      return List.of("ufw allow in proto tcp from " + ufwSource(source) + " to any port 2224,5403");
    }

    @Override
    public List<LineQuery> quorumDeviceEvidence(String source) {
      return List.of(LineQuery.of(UFW_RULES, ufwTuple("tcp 2224,5403", source)));
    }

    /** ufw records each added rule as a tuple comment in user.rules, its source before "in". */
    @Override
    public List<LineQuery> pacemakerEvidence(String source) {
      return List.of(
          LineQuery.of(UFW_RULES, ufwTuple("tcp 2224,3121,9929", source)),
          LineQuery.of(UFW_RULES, ufwTuple("udp 5405,9929", source)));
    }

    @Override
    public List<LineQuery> mysqlEvidence(String source) {
      return List.of(LineQuery.of(UFW_RULES, ufwTuple("tcp 3306", source)));
    }
  },
  /**
   * firewalld's {@code high-availability} service covers the Pacemaker ports (and a few more); with
   * a source, as a rich rule.
   */
  FIREWALLD("firewalld", "firewalld") {
    @Override
    public List<String> pacemakerRules(String source) {
      return firewalldRules(
          source, "service name=\"high-availability\"", "--add-service=high-availability");
    }

    @Override
    public List<String> mysqlRules(String source) {
      return firewalldRules(source, "port port=\"3306\" protocol=\"tcp\"", "--add-port=3306/tcp");
    }

    /** The permanent configuration of the default zone (public) lists what --permanent added. */
    @Override
    public List<LineQuery> pacemakerEvidence(String source) {
      return firewalldEvidence(source, "<service name=\"high-availability\"/>");
    }

    @Override
    public List<LineQuery> mysqlEvidence(String source) {
      return firewalldEvidence(source, "<port port=\"3306\" protocol=\"tcp\"/>");
    }

    /** The same high-availability service: it lists pcsd's 2224 and qnetd's 5403 too. */
    @Override
    public List<String> quorumDeviceRules(String source) {
      return pacemakerRules(source);
    }

    @Override
    public List<LineQuery> quorumDeviceEvidence(String source) {
      return pacemakerEvidence(source);
    }
  };

  /** The source of a rule that admits every address. */
  public static final String ANY = "any";

  private static String ufwSource(String source) {
    return ANY.equals(source) ? "any" : source;
  }

  private static String ufwTuple(String protoAndPorts, String source) {
    return "### tuple ### allow "
        + protoAndPorts
        + " 0.0.0.0/0 any "
        + (ANY.equals(source) ? "0.0.0.0/0" : source)
        + " in";
  }

  private static List<String> firewalldRules(String source, String what, String anyOption) {
    if (ANY.equals(source)) {
      return List.of("firewall-cmd " + anyOption, "firewall-cmd --permanent " + anyOption);
    }
    String rule = "'rule family=\"ipv4\" source address=\"" + source + "\" " + what + " accept'";
    return List.of(
        "firewall-cmd --add-rich-rule=" + rule, "firewall-cmd --permanent --add-rich-rule=" + rule);
  }

  private static List<LineQuery> firewalldEvidence(String source, String what) {
    return ANY.equals(source)
        ? List.of(LineQuery.of(FIREWALLD_ZONE, what))
        : List.of(
            LineQuery.of(FIREWALLD_ZONE, "<source address=\"" + source + "\"/>"),
            LineQuery.of(FIREWALLD_ZONE, what));
  }

  static final String UFW_RULES = "/etc/ufw/user.rules";
  static final String FIREWALLD_ZONE = "/etc/firewalld/zones/public.xml";

  private final String packageName;
  private final String unit;

  Firewall(String packageName, String unit) {
    this.packageName = packageName;
    this.unit = unit;
  }

  /**
   * The guide's commands for the Pacemaker ports.
   *
   * @param source the network allowed in (CIDR), or {@link #ANY}
   */
  public abstract List<String> pacemakerRules(String source);

  /** The guide's command for TCP 3306 on the database node, from {@code source}. */
  public abstract List<String> mysqlRules(String source);

  /**
   * The two-node layout's quorum device host (not in the guide): pcsd (TCP 2224, for the
   * coordinator's pcs) and corosync-qnetd (TCP 5403, for both session managers' corosync-qdevice).
   */
  public abstract List<String> quorumDeviceRules(String source);

  /** Lines in the firewall's saved configuration once {@link #quorumDeviceRules} ran. */
  public abstract List<LineQuery> quorumDeviceEvidence(String source);

  /** Lines in the firewall's saved configuration once {@link #pacemakerRules} ran. */
  public abstract List<LineQuery> pacemakerEvidence(String source);

  /** Lines in the firewall's saved configuration once {@link #mysqlRules} ran. */
  public abstract List<LineQuery> mysqlEvidence(String source);

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
