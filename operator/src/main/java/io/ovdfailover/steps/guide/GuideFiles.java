package io.ovdfailover.steps.guide;

import java.util.List;

/**
 * The contents of the files the current guide tells an admin to write that depend on the cluster's
 * values (the distro-specific ones, lsyncd's unit fix-up and EL7's status.conf, live in the distro
 * profile). Kept character-for-character close to the guide so that an admin comparing a host with
 * the guide finds what they expect; where the guide leaves a value to the site, it comes from the
 * spec.
 */
public final class GuideFiles {
  private GuideFiles() {}

  public static final String CLUSTER_VIP_SRC_UNIT_PATH =
      "/etc/systemd/system/cluster-vip-src.service";
  public static final String CLUSTER_VIP_SRC_DEFAULTS_PATH = "/etc/default/cluster-vip-src";
  public static final String LSYNCD_CONFIG_PATH = "/etc/lsyncd/lsyncd.conf.lua";
  public static final String LSYNCD_CRON_PATH = "/etc/lsyncd/lsyncd.cron";
  public static final String SYNC_KEY_PATH = "/root/.ssh/sync_rsa";
  public static final String THE_OTHER_OSM = "the-other-osm";

  /**
   * A nat rule that lets a TCP packet without SYN through unrewritten (nat rules only ever see a
   * connection's first packet): the guard of {@link #clusterVipSrcUnit()}.
   */
  public static final String ESTABLISHED_TCP_GUARD = "-o ${NIC} -p tcp ! --syn -j ACCEPT";

  /**
   * Chapter IV: the oneshot unit Pacemaker starts as virtual_ip_src (never enabled by hand), with
   * the guide's SNAT rule and one rule more, {@link #ESTABLISHED_TCP_GUARD}, inserted above it
   * first and removed after it. The guard is removed in ExecStopPost, which systemd runs also when
   * a start failed half-way (ExecStop it skips then), and a guard left by a crash is removed before
   * each start, so guards never pile up.
   *
   * <p>Why the guard: on a host where nothing used connection tracking before (no firewall, as in
   * the guide), the guide's rule creates the nat table and so starts conntrack in the middle of
   * every open TCP connection. The first packet the host sends on such a connection is then taken
   * for a new outgoing connection and rewritten to the VIP, and the connection dies: the admin's
   * and the operator's SSH sessions (seen in the lab while the operator ran {@code pcs cluster node
   * add}), the node's open database connections. TCP connections are opened with a SYN, so a nat
   * rule that lets any other first packet through unchanged spares only those picked up mid-way;
   * every new outgoing connection is still rewritten as the guide wants.
   */
  public static String clusterVipSrcUnit() {
    return """
        [Unit]
        Description=Enable source IP rewrite to match with the VIP

        [Service]
        Type=oneshot
        RemainAfterExit=yes

        EnvironmentFile=/etc/default/cluster-vip-src

        # Added by ovd-failover-operator: TCP connections already open keep their address (docs/design.md)
        ExecStartPre=-/sbin/iptables -t nat -D POSTROUTING __GUARD__
        ExecStart=/sbin/iptables -t nat -I POSTROUTING __GUARD__
        ExecStart=/sbin/iptables -t nat -I POSTROUTING 2 -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}
        ExecStop=/sbin/iptables  -t nat -D POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}
        ExecStopPost=-/sbin/iptables -t nat -D POSTROUTING __GUARD__

        [Install]
        WantedBy=multi-user.target
        """
        .replace("__GUARD__", ESTABLISHED_TCP_GUARD);
  }

  /** What the operator's own files carry and a file written by hand does not. */
  public static final String MARKER = "ovd-failover-operator";

  /**
   * Chapter IV's unit exactly as the guide gives it: one SNAT rule, no guard. A cluster built by
   * hand has it; the operator replaces it with {@link #clusterVipSrcUnit()} (see {@link
   * #GUIDE_UNIT_UPDATE}).
   */
  public static final String GUIDE_CLUSTER_VIP_SRC_UNIT =
      """
      [Unit]
      Description=Enable source IP rewrite to match with the VIP

      [Service]
      Type=oneshot
      RemainAfterExit=yes

      EnvironmentFile=/etc/default/cluster-vip-src

      ExecStart=/sbin/iptables -t nat -I POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}
      ExecStop=/sbin/iptables  -t nat -D POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}

      [Install]
      WantedBy=multi-user.target
      """;

  /**
   * Why the guide's unit is replaced, and why that is harmless now: systemd does not restart a
   * oneshot unit whose file changed, the running rule stays, and the new ExecStop removes it as the
   * guide's did (the guard's removal is ExecStopPost=-, which tolerates its absence).
   */
  public static final String GUIDE_UNIT_UPDATE =
      "the guide's unit, without the guard rule that keeps open TCP connections alive when the SNAT"
          + " rule goes in (docs/design.md): rewritten with it; nothing restarts, the running rule"
          + " stays and is removed as before at the next stop, the guard applies from the next start";

  /**
   * A systemd unit or Lua file by meaning: blank lines, whole-line comments ({@code #} in units,
   * {@code --} in Lua) and runs of spaces do not count.
   */
  public static String configMeaning(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = line.strip().replaceAll("\\s+", " ");
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("--")) {
        continue;
      }
      out.append(l).append('\n');
    }
    return out.toString();
  }

  /**
   * /etc/default/cluster-vip-src by meaning: the three variables the unit reads, quotes and spaces
   * around the list's commas removed; comments and other lines do not count.
   */
  public static String clusterVipSrcDefaultsMeaning(String text) {
    java.util.Map<String, String> vars = new java.util.TreeMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (l.startsWith("#") || eq < 0) {
        continue;
      }
      String key = l.substring(0, eq).strip();
      if (key.equals("NIC") || key.equals("VIRTUAL_IP") || key.equals("ADDRESS")) {
        String value = l.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", "");
        vars.put(key, value.replaceAll("\\s*,\\s*", ","));
      }
    }
    StringBuilder out = new StringBuilder();
    vars.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  /**
   * Rewrites /etc/default/cluster-vip-src under a running cluster-vip-src: its stop removes the
   * SNAT rule by the values in the file, so the rule goes out with the old values and comes back
   * with the new ones.
   */
  public static final String RESTART_AROUND_DEFAULTS =
      """
      set -e
      active=0
      if systemctl is-active --quiet cluster-vip-src; then active=1; fi
      if [ "$active" = 1 ]; then systemctl stop cluster-vip-src; fi
      __WRITE__
      if [ "$active" = 1 ]; then systemctl start cluster-vip-src; fi
      """;

  /**
   * Chapter IV: the variables of cluster-vip-src; ADDRESS is the comma-separated SNAT destination
   * list.
   */
  public static String clusterVipSrcDefaults(
      String nic, String virtualIp, List<String> snatDestinations) {
    return """
        # Configuration of the *cluster-vip-src* service
        # Managed by ovd-failover-operator: edit the OvdFailoverCluster's spec.vip instead.
        #
        # NIC
        #
        # Set the name of the Network Interface Controller (NIC) where the
        # virtual IP address will be added.
        #
        NIC=%s

        # VIRTUAL_IP
        #
        VIRTUAL_IP=%s

        # ADDRESS
        #
        # List all subnets where you want the virtual IP address to be used for
        # outgoing traffic (all OVD OAS, OFS and ESG servers).
        #
        # Comma separated list, CIDR notation.
        #
        ADDRESS=%s
        """
        .formatted(nic, virtualIp, String.join(",", snatDestinations));
  }

  /** Chapter V: sync every folder to the other session manager over SSH with the dedicated key. */
  public static String lsyncdConfig(List<String> folders) {
    StringBuilder list = new StringBuilder();
    for (String f : folders) {
      list.append("    \"").append(f).append("\",\n");
    }
    return """
        -- Managed by ovd-failover-operator (chapter V of the Session Manager Failover Guide)
        host = "the-other-osm"
        folders = {
        %s}

        settings {
            logfile = "/var/log/lsyncd.log",
            insist = true,
        }

        for _, folder in ipairs( folders )
        do
            sync {
                default.rsyncssh,
                source    = folder,
                host      = host,
                targetdir = folder,
                exclude   = {'.*'},
                rsync     = {
                    archive  = true,
                    prune_empty_dirs = true,
                    _extra = {'--rsh=ssh -i /root/.ssh/sync_rsa'},
                },
                ssh = {
                    identityFile = '/root/.ssh/sync_rsa',
                },
            }
        end
        """
        .formatted(list);
  }

  /**
   * Chapter V: lsyncd re-reads its folders hourly (the lsyncd_cron resource links it into
   * /etc/cron.d).
   */
  public static String lsyncdCron() {
    return "00 * * * * root /usr/bin/killall -s SIGHUP lsyncd\n";
  }

  /**
   * Chapter V: the other session manager's sync key, restricted to its private address and to
   * rsync's needs. The operator's own key never goes here.
   */
  public static String restrictedAuthorizedKey(
      String otherPrivateAddress, String otherSyncPublicKey) {
    return "from=\""
        + otherPrivateAddress
        + "\",no-pty,no-user-rc,no-agent-forwarding,no-port-forwarding,"
        + "no-X11-forwarding "
        + otherSyncPublicKey.strip();
  }

  /**
   * Chapter V: instead of the guide's {@code ssh-keyscan the-other-osm} (which trusts whatever
   * answers), the operator writes the other node's host key it read over its own pinned connection.
   */
  public static String knownHostsLine(String otherPrivateAddress, String otherHostPublicKey) {
    String[] parts = otherHostPublicKey.strip().split("\\s+");
    return THE_OTHER_OSM + "," + otherPrivateAddress + " " + parts[0] + " " + parts[1];
  }
}
