package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.SmtpRelaySpec;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.steps.SsmtpStep;
import io.ovdfailover.steps.Step;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Appendix 2 on a node whose own mail server the spec does not let ssmtp replace. */
class AlertsStageTest {
  static OvdFailoverClusterSpec spec(boolean replaceMailServer) {
    OvdFailoverClusterSpec s = Samples.cluster("ns", "lab").getSpec();
    s.alerts = new AlertsSpec();
    s.alerts.recipients = List.of("ops@lab.example");
    s.alerts.smtp = new SmtpRelaySpec();
    s.alerts.smtp.host = "dbmy.priv";
    s.alerts.replaceMailServer = replaceMailServer;
    return s;
  }

  static final SiteFacts EXIM_ON_OSM1 = site();

  /** The converged lab before the alerts: none of their files anywhere, exim4 on osm1. */
  static SiteFacts site() {
    SiteFacts s = SiteFacts.converged().installed("osm1", "exim4-daemon-light", "4.96-15+deb12u11");
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      for (String p :
          List.of(
              io.ovdfailover.steps.guide.GuideAlerts.EVENT_LOG_DIR,
              io.ovdfailover.steps.guide.GuideAlerts.AGENT_PATH,
              io.ovdfailover.steps.guide.GuideAlerts.SSMTP_CONF_PATH)) {
        s.path(n, p, new io.ovdfailover.hosts.PathState.Absent());
      }
    }
    return s;
  }

  @Test
  void aKeptMailServerIsReportedAndHoldsNothing() {
    Pass pass = EXIM_ON_OSM1.pass(spec(false));
    AlertsStage stage = new AlertsStage();
    assertThat(stage.findings(pass))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.node()).isEqualTo("osm1");
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept);
              assertThat(f.message())
                  .contains("exim4-daemon-light")
                  .contains("spec.alerts.replaceMailServer");
            });
    Map<String, List<Step>> steps = byNode(stage, pass);
    assertThat(steps.get("osm1")).noneMatch(s -> s instanceof SsmtpStep);
    assertThat(steps.get("osm2")).anyMatch(s -> s instanceof SsmtpStep);
    assertThat(stage.plan(pass))
        .isNotInstanceOf(StagePlan.Blocked.class)
        .isNotInstanceOf(StagePlan.Held.class);
  }

  @Test
  void withReplaceMailServerSsmtpGoesEverywhereAndNothingIsReported() {
    Pass pass = EXIM_ON_OSM1.pass(spec(true));
    AlertsStage stage = new AlertsStage();
    assertThat(stage.findings(pass)).isEmpty();
    assertThat(byNode(stage, pass).get("osm1")).anyMatch(s -> s instanceof SsmtpStep);
  }

  static Map<String, List<Step>> byNode(AlertsStage stage, Pass pass) {
    Map<String, List<Step>> out = new java.util.LinkedHashMap<>();
    stage.stepsByNode(pass, n -> true).forEach((c, s) -> out.put(c.node(), s));
    return out;
  }
}
