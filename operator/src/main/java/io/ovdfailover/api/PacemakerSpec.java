package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Pacemaker choices the guide makes for the site, kept as options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PacemakerSpec {
  @JsonPropertyDescription(
      "Cluster property stonith-enabled. The guide disables fencing; Pacemaker's own docs call "
          + "that inappropriate for production. Enabling it requires fence devices, which this operator does not create yet.")
  @Default("false")
  public boolean stonithEnabled;

  /**
   * Where the third vote comes from. Two session managers alone cannot tell a dead peer from a cut
   * private link; each of these is a way to let only one side keep running the resources.
   */
  public enum Quorum {
    /** The guide's layout: quorum-only Pacemaker nodes (pcs3, pcs4) vote. */
    QuorumNodes,
    /**
     * Two session managers and corosync-qnetd on the database node: the pair's corosync-qdevice
     * asks it for the deciding vote (algorithm ffsplit), so a cut private link leaves one side
     * quorate.
     */
    QuorumDevice,
    /**
     * Corosync's two_node (with wait_for_all): each side keeps quorum alone, so only fencing stops
     * the other side from taking the VIP too. Accepted with stonithEnabled only.
     */
    TwoNode
  }

  @JsonPropertyDescription(
      "Where the deciding vote comes from. QuorumNodes (default): the guide's quorum-only Pacemaker "
          + "nodes (spec.quorumNodes, at least one). QuorumDevice: the two session managers alone, with "
          + "corosync-qnetd on the database node (spec.database.node) giving the third vote through "
          + "corosync-qdevice (model net, algorithm ffsplit): when the private link between the two is "
          + "cut, one side keeps quorum and the other stops its resources. TwoNode: corosync two_node "
          + "with wait_for_all; both sides keep quorum after a cut, so it needs fencing (stonithEnabled "
          + "with the site's fence devices). no-quorum-policy=ignore, the legacy two-node guide's "
          + "setting, is not offered: without fencing it runs the VIP on both session managers after a "
          + "cut.")
  @Default("QuorumNodes")
  @Size(max = 12)
  public Quorum quorum = Quorum.QuorumNodes;

  /** The spec's choice, QuorumNodes when unset. */
  public Quorum effectiveQuorum() {
    return quorum == null ? Quorum.QuorumNodes : quorum;
  }

  @JsonPropertyDescription(
      "Enable corosync and pacemaker at boot. The guide leaves them disabled (a rebooted node "
          + "then stays out of the cluster until started by hand or by this operator).")
  @Default("false")
  public boolean startOnBoot;

  @JsonPropertyDescription(
      "Start corosync and pacemaker on a member where they are not running. Off by default: "
          + "a member stopped with pcs cluster stop (or rebooted with the cluster disabled at boot) is reported and left "
          + "alone, as the guide's troubleshooting appendix expects of whoever operates the cluster. The operator "
          + "always starts a cluster it formed that never ran.")
  @Default("false")
  public boolean restartStoppedNodes;

  @JsonPropertyDescription(
      "Cluster property load-threshold, e.g. 400%. Unset: the operator leaves the property alone "
          + "(Pacemaker's default is 80%). Above it, Pacemaker runs fewer actions at a time on a node: under high load, one, "
          + "so a failover stops and starts the six resources one after the other. Raise it only where a node's load "
          + "average is not its own (containers sharing a host read the host's), as in the project's lab.")
  @Pattern(Patterns.LOAD_THRESHOLD)
  @Size(max = 5)
  public String loadThreshold;

  /** Seconds: a 1 s follow-up check of each systemd start and stop (see the field's text). */
  public static final int DEFAULT_SYSTEMD_START_STOP_TIMEOUT_SECONDS = 10;

  public static final int MIN_SYSTEMD_START_STOP_TIMEOUT_SECONDS = 5;
  public static final int MAX_SYSTEMD_START_STOP_TIMEOUT_SECONDS = 600;

  @JsonPropertyDescription(
      "Timeout in seconds of the start and stop operations of the two systemd resources "
          + "(virtual_ip_src and lsyncd). Pacemaker confirms a systemd start or stop with a status check "
          + "min(2 s, timeout / 10) after it, so this decides how long each takes in a switchover: 10 gives 1 s "
          + "checks and a switchover about 2 s shorter than with pcs's default of 100. Both units finish in well "
          + "under a second (a oneshot of iptables commands; lsyncd, Type=simple, stopped by SIGTERM); raise "
          + "it where a session manager can stall for longer. Unset: the resources the operator creates get "
          + "10, and the timeouts of resources that exist (a cluster built by hand) are kept and reported.")
  @Min(MIN_SYSTEMD_START_STOP_TIMEOUT_SECONDS)
  @Max(MAX_SYSTEMD_START_STOP_TIMEOUT_SECONDS)
  public Integer systemdStartStopTimeoutSeconds;

  @JsonPropertyDescription(
      "Cleanup of failed resource actions (Appendix 1): off by default, limited and backed off.")
  public FailedActionCleanupSpec failedActionCleanup = new FailedActionCleanupSpec();

  /** The spec's value, else what the operator gives the resources it creates. */
  public int effectiveSystemdStartStopTimeoutSeconds() {
    return systemdStartStopTimeoutSeconds == null
        ? DEFAULT_SYSTEMD_START_STOP_TIMEOUT_SECONDS
        : systemdStartStopTimeoutSeconds;
  }
}
