package io.ovdfailover.steps.guide;

import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.SmtpRelaySpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appendix 2, "Configure email notifications": ssmtp's configuration, the alert agent {@code
 * /usr/local/sbin/pcs-notify} and the line it leaves for Kubernetes. The guide's agent mails one
 * hard-coded address; here Pacemaker hands it each recipient of the alert in turn ({@code
 * CRM_alert_recipient}), so the addresses live in the CIB with the alert, and one recipient more, a
 * path, asks for the line the operator reads back and records as an Event.
 */
public final class GuideAlerts {
  private GuideAlerts() {}

  public static final String AGENT_PATH = "/usr/local/sbin/pcs-notify";
  public static final String SSMTP_CONF_PATH = "/etc/ssmtp/ssmtp.conf";

  /**
   * Pacemaker runs alert agents as hacluster: the folder is theirs, and holds nothing secret (the
   * alert's own variables), which is why the probe may read the log back.
   */
  public static final String EVENT_LOG_DIR = "/var/log/ovd-failover";

  public static final String EVENT_LOG_PATH = EVENT_LOG_DIR + "/pacemaker-alerts.log";

  /** The agent keeps the log this short, so that reading it at each reconcile stays cheap. */
  static final int LOG_KEEPS = 200;

  /** An SMTP account from the Secret spec.alerts.smtp.credentialsSecret names. */
  public record SmtpAccount(String user, String password) {
    @Override
    public String toString() {
      return "SmtpAccount[redacted]";
    }

    /**
     * ssmtp reads {@code key=value} lines, so a value cannot hold a line break, and its parser
     * splits at every {@code =} and drops what follows a {@code #}: such a value would reach the
     * relay cut short. Says which field, never the value.
     */
    public Optional<String> unusable() {
      if (!usable(user)) {
        return Optional.of("the SMTP user name");
      }
      if (!usable(password)) {
        return Optional.of("the SMTP password");
      }
      return Optional.empty();
    }

    private static boolean usable(String s) {
      return !s.isEmpty() && s.chars().noneMatch(c -> c == '=' || c == '#' || c < 0x20);
    }
  }

  /** /etc/ssmtp/ssmtp.conf: the guide's four fields (mailhub, UseSTARTTLS, AuthUser, AuthPass). */
  public static String ssmtpConf(AlertsSpec alerts, Optional<SmtpAccount> account) {
    SmtpRelaySpec smtp = alerts.smtp;
    StringBuilder s = new StringBuilder();
    s.append("# Written by ").append(GuideFiles.MARKER).append(" from spec.alerts (Appendix 2)\n");
    s.append("root=postmaster\n");
    s.append("mailhub=").append(smtp.host).append(':').append(smtp.port).append('\n');
    // the agent's From: header (spec.alerts.sender) is the envelope sender too
    s.append("FromLineOverride=YES\n");
    s.append("UseTLS=").append(yesNo(smtp.tls == SmtpRelaySpec.Tls.TLS)).append('\n');
    s.append("UseSTARTTLS=").append(yesNo(smtp.tls == SmtpRelaySpec.Tls.StartTLS)).append('\n');
    account.ifPresent(
        a -> s.append("AuthUser=").append(a.user()).append("\nAuthPass=").append(a.password()));
    account.ifPresent(a -> s.append('\n'));
    return s.toString();
  }

  private static String yesNo(boolean b) {
    return b ? "YES" : "NO";
  }

  /**
   * The guide's pcs-notify, for each recipient Pacemaker passes: an address gets the guide's mail
   * (with a summary in the subject and a From: header when the spec names a sender); the path
   * {@link #EVENT_LOG_PATH} gets one tab-separated line: time, sending node, kind, node, resource,
   * task, rc, description.
   */
  public static String agentScript(AlertsSpec alerts) {
    String from = alerts.sender == null ? "" : "From: " + alerts.sender + "\n";
    return """
        #! /bin/bash
        # Written by ovd-failover-operator from spec.alerts: the guide's Appendix 2 pcs-notify.
        # Pacemaker runs it as hacluster, once per recipient of the alert ovd-alert: an e-mail
        # address gets the guide's mail through ssmtp; a path gets one line, which the operator
        # reads back and records as a Kubernetes Event.
        PATH=/usr/sbin:/usr/bin:/sbin:/bin

        field() { printf '%s' "$1" | tr '\\t\\r\\n' '   '; }

        case "${CRM_alert_kind:-}" in
          node) summary="node ${CRM_alert_node:-} is ${CRM_alert_desc:-}" ;;
          resource) summary="${CRM_alert_rsc:-} ${CRM_alert_task:-} on ${CRM_alert_node:-}: ${CRM_alert_desc:-}" ;;
          fencing) summary="fencing of ${CRM_alert_node:-}: ${CRM_alert_desc:-}" ;;
          *) summary="${CRM_alert_kind:-} ${CRM_alert_node:-} ${CRM_alert_desc:-}" ;;
        esac

        case "${CRM_alert_recipient:-}" in
          /*)
            log=$CRM_alert_recipient
            {
              flock -w 10 9 || exit 0
              printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$(date +%s.%N)" "$(field "$(hostname)")" \\
                "$(field "${CRM_alert_kind:-}")" "$(field "${CRM_alert_node:-}")" \\
                "$(field "${CRM_alert_rsc:-}")" "$(field "${CRM_alert_task:-}")" \\
                "$(field "${CRM_alert_rc:-}")" "$(field "${CRM_alert_desc:-}")" >> "$log"
              # kept short: the operator reads the whole file at each reconcile
              if [ "$(wc -l < "$log")" -gt __TWICE__ ]; then
                tail -n __KEEP__ "$log" > "$log.new" && mv "$log.new" "$log"
              fi
            } 9>> "$log.lock"
            ;;
          *@*)
            # a node that kept its own mail server has no ssmtp: no mail from it (status says so)
            command -v ssmtp > /dev/null || exit 0
            ssmtp "$CRM_alert_recipient" <<EOF
        __FROM__To: $CRM_alert_recipient
        Subject: [WARNING] Pacemaker alert sent by $(hostname -f): $(field "$summary")

        Hi,

        This is an alert trigger by Pacemaker on $(hostname).
        You should connect to your cluster and review the nodes, resources, and logs.

        Additional information given by pacemaker:
        $(env | grep ^CRM_ | sort)

        --
          kind robot

        EOF
            ;;
        esac
        exit 0
        """
        .replace("__FROM__", from)
        .replace("__TWICE__", Integer.toString(2 * LOG_KEEPS))
        .replace("__KEEP__", Integer.toString(LOG_KEEPS));
  }

  /**
   * One line of {@link #EVENT_LOG_PATH}.
   *
   * @param time seconds since the epoch, with the fraction {@code date +%s.%N} gives
   * @param from the node whose Pacemaker ran the agent
   */
  public record AlertLine(
      BigDecimal time,
      String from,
      String kind,
      String node,
      String resource,
      String task,
      String rc,
      String description) {

    /** The same event seen from several nodes reads the same here. */
    public String summary() {
      return switch (kind) {
        case "node" -> "node " + node + " is " + description;
        case "resource" -> resource + " " + task + " on " + node + ": " + description;
        case "fencing" -> "fencing of " + node + ": " + description;
        default -> kind + " " + node + " " + description;
      };
    }

    /** A failed operation, a lost node or a fencing: worth a Warning. */
    public boolean bad() {
      return switch (kind) {
        case "node" -> !"member".equals(description);
        case "resource" -> !"0".equals(rc);
        case "fencing" -> true;
        default -> false;
      };
    }
  }

  /** The log's lines; a line that is not the agent's (cut short, edited) is skipped. */
  public static List<AlertLine> parseLog(String text) {
    List<AlertLine> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length != 8) {
        continue;
      }
      try {
        out.add(new AlertLine(new BigDecimal(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
      } catch (NumberFormatException notOurs) {
        // skipped
      }
    }
    return out;
  }
}
