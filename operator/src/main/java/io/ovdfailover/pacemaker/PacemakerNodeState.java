package io.ovdfailover.pacemaker;

import io.ovdfailover.hosts.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one Pacemaker node (session manager or quorum node) looks like to cluster formation, read in one command.
 * pcsd's known-hosts file holds tokens: the probe prints only the host names from it.
 */
public record PacemakerNodeState(String node, PcsVersion pcs, boolean pcsdEnabled, boolean pcsdActive,
    boolean corosyncActive, boolean pacemakerActive, boolean clusterEnabledAtBoot, CorosyncConf corosync,
    Set<String> knownHosts, String haclusterMark) {

  public static final String MARK_PATH = "/var/lib/ovd-failover/hacluster.mark";

  public boolean pcsInstalled() {
    return pcs != null;
  }

  /** The read-only probe; sections start with "@@name". */
  public static Command probe() {
    return Command.read("probe pacemaker node state", """
        echo @@pcs; pcs --version 2>/dev/null
        for u in pcsd corosync pacemaker; do
          echo "@@unit-$u"; systemctl is-enabled $u 2>/dev/null; systemctl is-active $u 2>/dev/null
        done
        echo @@corosync-conf; cat /etc/corosync/corosync.conf 2>/dev/null
        echo @@known-hosts
        if [ -r /var/lib/pcsd/known-hosts ] && command -v python3 >/dev/null; then
          python3 -c 'import json,sys; print("\\n".join(json.load(open(sys.argv[1])).get("known_hosts", {})))' /var/lib/pcsd/known-hosts 2>/dev/null
        elif [ -r /var/lib/pcsd/tokens ] && command -v python3 >/dev/null; then
          python3 -c 'import json,sys; print("\\n".join(json.load(open(sys.argv[1])).get("tokens", {})))' /var/lib/pcsd/tokens 2>/dev/null
        fi
        echo @@mark; cat %s 2>/dev/null
        echo @@end
        """.formatted(MARK_PATH));
  }

  public static PacemakerNodeState parse(String node, String output) {
    Map<String, String> sections = sections(output);
    String pcsText = sections.getOrDefault("pcs", "").strip();
    PcsVersion pcs = pcsText.isEmpty() ? null : PcsVersion.parse(pcsText);
    Set<String> known = new TreeSet<>();
    for (String line : sections.getOrDefault("known-hosts", "").split("\n")) {
      if (!line.isBlank()) known.add(line.strip());
    }
    return new PacemakerNodeState(node, pcs,
        enabled(sections.get("unit-pcsd")), active(sections.get("unit-pcsd")),
        active(sections.get("unit-corosync")), active(sections.get("unit-pacemaker")),
        enabled(sections.get("unit-corosync")) && enabled(sections.get("unit-pacemaker")),
        CorosyncConf.parse(sections.get("corosync-conf")), known, sections.getOrDefault("mark", "").strip());
  }

  private static boolean enabled(String unitSection) {
    return unitSection != null && unitSection.lines().findFirst().map(l -> l.strip().equals("enabled")).orElse(false);
  }

  private static boolean active(String unitSection) {
    return unitSection != null && unitSection.lines().anyMatch(l -> l.strip().equals("active"));
  }

  static Map<String, String> sections(String output) {
    Map<String, String> out = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("@@")) {
        if (current != null) out.put(current, body.toString());
        current = line.substring(2).strip();
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null && !current.equals("end")) out.put(current, body.toString());
    return out;
  }
}
