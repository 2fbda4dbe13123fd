package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.SmtpRelaySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuideAlertsTest {
  @TempDir Path dir;

  static AlertsSpec alerts(SmtpRelaySpec.Tls tls) {
    AlertsSpec a = new AlertsSpec();
    a.recipients = List.of("ops@lab.example");
    a.sender = "pacemaker@lab.example";
    a.smtp = new SmtpRelaySpec();
    a.smtp.host = "dbmy.priv";
    a.smtp.port = 587;
    a.smtp.tls = tls;
    return a;
  }

  @Test
  void ssmtpConfHasTheGuidesFourFieldsFromTheSpecAndTheSecret() {
    assertThat(
            GuideAlerts.ssmtpConf(
                alerts(SmtpRelaySpec.Tls.StartTLS),
                Optional.of(new GuideAlerts.SmtpAccount("robot", "s3cret!"))))
        .contains("mailhub=dbmy.priv:587\n")
        .contains("UseSTARTTLS=YES\n")
        .contains("UseTLS=NO\n")
        .contains("FromLineOverride=YES\n")
        .contains("AuthUser=robot\nAuthPass=s3cret!\n");
    assertThat(GuideAlerts.ssmtpConf(alerts(SmtpRelaySpec.Tls.None), Optional.empty()))
        .contains("UseSTARTTLS=NO\n")
        .doesNotContain("AuthUser");
  }

  @Test
  void anAccountSsmtpCannotCarryIsNamedByFieldNeverByValue() {
    assertThat(new GuideAlerts.SmtpAccount("robot", "a=b").unusable())
        .contains("the SMTP password");
    assertThat(new GuideAlerts.SmtpAccount("ro#bot", "ok").unusable())
        .contains("the SMTP user name");
    assertThat(new GuideAlerts.SmtpAccount("robot", "line\nbreak").unusable()).isPresent();
    assertThat(new GuideAlerts.SmtpAccount("robot", "fine-Pass_1!").unusable()).isEmpty();
    assertThat(new GuideAlerts.SmtpAccount("robot", "s3cret").toString()).doesNotContain("s3cret");
  }

  /** The agent as Pacemaker runs it, for the log recipient: the line it leaves parses back. */
  @Test
  void theAgentLeavesOneParsableLinePerAlertAndKeepsTheLogShort() throws Exception {
    Path agent = dir.resolve("pcs-notify");
    Files.writeString(agent, GuideAlerts.agentScript(alerts(SmtpRelaySpec.Tls.None)));
    assertThat(run("bash", "-n", agent.toString())).isZero();
    Path log = dir.resolve("alerts.log");
    Map<String, String> lost =
        Map.of(
            "CRM_alert_recipient", log.toString(),
            "CRM_alert_kind", "node",
            "CRM_alert_node", "pcs4.priv",
            "CRM_alert_desc", "lost");
    Map<String, String> started =
        Map.of(
            "CRM_alert_recipient", log.toString(),
            "CRM_alert_kind", "resource",
            "CRM_alert_node", "osm2.priv",
            "CRM_alert_rsc", "virtual_ip",
            "CRM_alert_task", "start",
            "CRM_alert_rc", "0",
            "CRM_alert_desc", "ok\twith a tab\nand a line");
    assertThat(run(agent, lost)).isZero();
    assertThat(run(agent, started)).isZero();

    List<GuideAlerts.AlertLine> lines = GuideAlerts.parseLog(Files.readString(log));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).summary()).isEqualTo("node pcs4.priv is lost");
    assertThat(lines.get(0).bad()).isTrue();
    assertThat(lines.get(1).summary())
        .isEqualTo("virtual_ip start on osm2.priv: ok with a tab and a line");
    assertThat(lines.get(1).bad()).isFalse();
    assertThat(lines.get(1).time()).isGreaterThanOrEqualTo(lines.get(0).time());

    // a long log is cut to the newest lines
    Files.writeString(
        log,
        "1.0\tx\tnode\tn\t\t\t\tmember\n".repeat(2 * GuideAlerts.LOG_KEEPS),
        StandardCharsets.UTF_8);
    assertThat(run(agent, lost)).isZero();
    List<GuideAlerts.AlertLine> kept = GuideAlerts.parseLog(Files.readString(log));
    assertThat(kept).hasSize(GuideAlerts.LOG_KEEPS);
    assertThat(kept.get(kept.size() - 1).description()).isEqualTo("lost");
  }

  @Test
  void onANodeWithoutSsmtpTheMailRecipientIsSkippedNotAFailure() throws Exception {
    // this machine has no ssmtp, as a node that kept its own mail server
    org.junit.jupiter.api.Assumptions.assumeTrue(run("bash", "-c", "command -v ssmtp") != 0);
    Path agent = dir.resolve("pcs-notify");
    Files.writeString(agent, GuideAlerts.agentScript(alerts(SmtpRelaySpec.Tls.None)));
    assertThat(
            run(
                agent,
                Map.of(
                    "CRM_alert_recipient", "ops@lab.example",
                    "CRM_alert_kind", "node",
                    "CRM_alert_node", "pcs4.priv",
                    "CRM_alert_desc", "lost")))
        .isZero();
  }

  @Test
  void linesThatAreNotTheAgentsAreSkipped() {
    assertThat(GuideAlerts.parseLog("garbage\n1.5\tonly\tthree\n\n")).isEmpty();
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static int run(Path agent, Map<String, String> env) throws Exception {
    ProcessBuilder b = new ProcessBuilder("bash", agent.toString()).inheritIO();
    b.environment().putAll(env);
    Process p = b.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
