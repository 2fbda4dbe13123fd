package io.ovdfailover.pacemaker;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.steps.guide.GuideAlerts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's chapter VI configuration: six resources colocated with the VIP, kept off the quorum
 * nodes.
 */
public final class OvdResources {
  public static final String VIRTUAL_IP = "virtual_ip";
  public static final String VIRTUAL_IP_SRC = "virtual_ip_src";
  public static final String OSM_CRON = "osm_cron";
  public static final String HTTPD = "httpd";
  public static final String LSYNCD = "lsyncd";
  public static final String LSYNCD_CRON = "lsyncd_cron";

  /** Appendix 2's alert (the guide calls it my-alert; any other id is left to the site). */
  public static final String OVD_ALERT = "ovd-alert";

  /** In the guide's order. */
  public static final List<String> ALL =
      List.of(VIRTUAL_IP, VIRTUAL_IP_SRC, OSM_CRON, HTTPD, LSYNCD, LSYNCD_CRON);

  /**
   * The guide's pattern: every OVD resource id matches it, so none of them may run on a quorum
   * node.
   */
  public static final String OVD_RESOURCE_PATTERN = "(virtual_ip*|osm*|httpd|lsyncd*)";

  private OvdResources() {}

  /**
   * @param apacheConfigFile the apache resource's configfile where the distro needs it (Ubuntu
   *     16.04), else empty
   */
  public static DesiredCib desired(OvdFailoverClusterSpec spec, Optional<String> apacheConfigFile) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("stonith-enabled", Boolean.toString(spec.pacemaker.stonithEnabled));
    if (spec.pacemaker.loadThreshold != null) {
      // managed only when the spec names it: a value set by hand is not the operator's to remove
      properties.put("load-threshold", spec.pacemaker.loadThreshold);
    }

    List<DesiredCib.Primitive> primitives = new ArrayList<>();
    Map<String, String> vip = new LinkedHashMap<>();
    vip.put("ip", spec.vip.address);
    vip.put("cidr_netmask", Integer.toString(spec.vip.cidrNetmask));
    vip.put("nic", spec.vip.nic);
    DesiredCib.Primitive virtualIp =
        new DesiredCib.Primitive(VIRTUAL_IP, "ocf:heartbeat:IPaddr2", vip);
    // The guide creates virtual_ip without nic: IPaddr2 then takes the interface whose own
    // address's
    // network holds the VIP, the service NIC. When that is spec.vip.nic on both session managers a
    // virtual_ip without nic behaves the same, and adding it would restart the VIP.
    if (spec.sessionManagers.stream().allMatch(n -> spec.vip.nic.equals(n.serviceNic))) {
      virtualIp =
          virtualIp.derivedWhenAbsent(
              "nic",
              "IPaddr2 finds "
                  + spec.vip.nic
                  + " itself (the session managers' service NIC, whose network holds the VIP)");
    }
    primitives.add(virtualIp);
    // Pacemaker checks a systemd start or stop min(2 s, timeout / 10) after issuing it: these two
    // lie on a switchover's path (stop on one node, start on the other), so their timeout is the
    // spec's (10 s: 1 s checks) instead of pcs's 100 s (2 s checks). A hand-built cluster's own
    // timeouts are the site's unless the spec names one.
    boolean managed = spec.pacemaker.systemdStartStopTimeoutSeconds != null;
    Map<String, Integer> systemdTimeouts = new LinkedHashMap<>();
    systemdTimeouts.put("start", spec.pacemaker.effectiveSystemdStartStopTimeoutSeconds());
    systemdTimeouts.put("stop", spec.pacemaker.effectiveSystemdStartStopTimeoutSeconds());
    primitives.add(
        new DesiredCib.Primitive(VIRTUAL_IP_SRC, "systemd:cluster-vip-src", Map.of())
            .withTimeouts(systemdTimeouts, managed));
    primitives.add(
        symlink(
            OSM_CRON,
            "/etc/ovd/session-manager/sessionmanager.cron",
            "/etc/cron.d/ovd-session-manager"));
    Map<String, String> apache = new LinkedHashMap<>();
    apacheConfigFile.ifPresent(f -> apache.put("configfile", f));
    apache.put("statusurl", "http://127.0.0.1/server-status");
    primitives.add(new DesiredCib.Primitive(HTTPD, "ocf:heartbeat:apache", apache));
    primitives.add(
        new DesiredCib.Primitive(LSYNCD, "systemd:lsyncd", Map.of())
            .withTimeouts(systemdTimeouts, managed));
    primitives.add(symlink(LSYNCD_CRON, "/etc/lsyncd/lsyncd.cron", "/etc/cron.d/lsyncd"));

    List<DesiredCib.Colocation> colocations =
        List.of(
            new DesiredCib.Colocation(VIRTUAL_IP_SRC, VIRTUAL_IP),
            new DesiredCib.Colocation(OSM_CRON, VIRTUAL_IP),
            new DesiredCib.Colocation(HTTPD, VIRTUAL_IP),
            new DesiredCib.Colocation(LSYNCD, VIRTUAL_IP),
            new DesiredCib.Colocation(LSYNCD_CRON, LSYNCD));

    List<DesiredCib.Avoidance> avoidances = new ArrayList<>();
    for (NodeSpec q : spec.quorumNodes) {
      avoidances.add(new DesiredCib.Avoidance(OVD_RESOURCE_PATTERN, pacemakerNodeName(spec, q)));
    }
    return new DesiredCib(properties, primitives, colocations, avoidances, alert(spec));
  }

  /**
   * Appendix 2: the agent runs once per recipient, each address in the spec and, for Kubernetes
   * Events, the log the operator reads back.
   */
  private static Optional<DesiredCib.Alert> alert(OvdFailoverClusterSpec spec) {
    if (spec.alerts == null) {
      return Optional.empty();
    }
    List<String> recipients = new ArrayList<>();
    if (spec.alerts.recipients != null) {
      recipients.addAll(spec.alerts.recipients);
    }
    if (spec.alerts.kubernetesEvents) {
      recipients.add(GuideAlerts.EVENT_LOG_PATH);
    }
    return Optional.of(new DesiredCib.Alert(GuideAlerts.AGENT_PATH, recipients));
  }

  /** Pacemaker knows nodes by their private name (osm1.priv), resolved through /etc/hosts. */
  public static String pacemakerNodeName(OvdFailoverClusterSpec spec, NodeSpec node) {
    return node.name + "." + spec.privateNetwork.domain;
  }

  private static DesiredCib.Primitive symlink(String id, String target, String link) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("target", target);
    attrs.put("link", link);
    return new DesiredCib.Primitive(id, "ocf:heartbeat:symlink", attrs);
  }
}
