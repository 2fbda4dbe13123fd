package io.ovdfailover.converge;

import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.steps.DirectoryStep;
import io.ovdfailover.steps.FileStep;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.SsmtpStep;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.guide.GuideAlerts;
import io.ovdfailover.steps.guide.GuideAlerts.SmtpAccount;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.steps.guide.NodeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Appendix 2 on every Pacemaker node ("On each OSM node and each pcs node"): ssmtp and its
 * configuration when there are recipients, the alert agent, and the folder of the line it leaves
 * for Kubernetes Events. A stage of its own because ssmtp.conf holds the SMTP account, which only a
 * pass has. The alert itself is a CIB change, made with the resources ({@link ResourcesStage}),
 * which comes later: Pacemaker never runs an agent that is not there yet.
 */
final class AlertsStage extends PreparationStage {
  AlertsStage() {
    super(GuideStage.ALERTS, Disruption.NONE);
  }

  @Override
  public String name() {
    return "alerts";
  }

  /** The steps' paths and packages, and the log each node's agent writes (read back for Events). */
  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    if (spec.alerts == null) {
      return FactsRequest.NONE;
    }
    FactsRequest request =
        Planner.probes(steps(spec.alerts, Optional.of(new SmtpAccount("probe", "probe"))));
    return spec.alerts.kubernetesEvents
        ? request.plus(FactsRequest.ofPublicFiles(List.of(GuideAlerts.EVENT_LOG_PATH)))
        : request;
  }

  @Override
  public StagePlan plan(Pass pass) {
    AlertsSpec alerts = pass.spec().alerts;
    if (alerts != null && alerts.mails()) {
      Optional<String> unusable = pass.secrets().smtp().flatMap(SmtpAccount::unusable);
      if (unusable.isPresent()) {
        return new StagePlan.Blocked(
            "spec.alerts.smtp.credentialsSecret: "
                + unusable.get()
                + " holds '=', '#' or a control character, which ssmtp.conf cannot carry");
      }
    }
    return super.plan(pass);
  }

  @Override
  Map<NodeContext, List<Step>> stepsByNode(Pass pass, Predicate<String> which) {
    Map<NodeContext, List<Step>> out = new LinkedHashMap<>();
    AlertsSpec alerts = pass.spec().alerts;
    if (alerts == null) {
      return out;
    }
    pass.contexts()
        .forEach(
            (node, context) -> {
              NodeRole role = NodeRole.of(pass.spec(), node);
              if (role != null && role.pacemakerNode() && which.test(node)) {
                boolean mailHere = keptMailServers(alerts, context).isEmpty();
                out.put(context, steps(alerts, pass.secrets().smtp(), mailHere));
              }
            });
    return out;
  }

  /**
   * A node whose mail server the spec does not let ssmtp replace keeps it, and sends no alert mail:
   * reported, never a reason to hold the build (its alerts still become Events, and the other nodes
   * still mail them).
   */
  @Override
  public List<Finding> findings(Pass pass) {
    AlertsSpec alerts = pass.spec().alerts;
    List<Finding> out = new ArrayList<>();
    if (alerts == null) {
      return out;
    }
    pass.contexts()
        .forEach(
            (node, context) -> {
              NodeRole role = NodeRole.of(pass.spec(), node);
              List<String> kept =
                  role != null && role.pacemakerNode()
                      ? keptMailServers(alerts, context)
                      : List.of();
              if (!kept.isEmpty()) {
                out.add(
                    new Finding(
                        node,
                        "mail server",
                        Finding.Disposition.Kept,
                        String.join(" ", kept)
                            + " is the node's mail server and ssmtp would take its place (they"
                            + " conflict): kept, so "
                            + node
                            + " sends no alert mail; set spec.alerts.replaceMailServer to let the"
                            + " operator install ssmtp in its place"));
              }
            });
    return out;
  }

  private static List<String> keptMailServers(AlertsSpec alerts, NodeContext context) {
    return alerts.mails()
        ? SsmtpStep.keptMailServers(context, alerts.replaceMailServer)
        : List.of();
  }

  /** One Pacemaker node's part (the same on every distro: ssmtp keeps its name on each). */
  static List<Step> steps(AlertsSpec alerts, Optional<SmtpAccount> account) {
    return steps(alerts, account, true);
  }

  /**
   * @param mailHere false on a node that keeps its own mail server: neither ssmtp nor its
   *     configuration (which holds the SMTP account) goes there
   */
  static List<Step> steps(AlertsSpec alerts, Optional<SmtpAccount> account, boolean mailHere) {
    List<Step> steps = new ArrayList<>();
    if (alerts.mails() && mailHere) {
      steps.add(new SsmtpStep(alerts.replaceMailServer));
      // the package's own mode: ssmtp is setgid mail, so hacluster's agent reads the account
      // through it and nobody else does
      steps.add(
          FileStep.of(
              GuideAlerts.SSMTP_CONF_PATH,
              GuideAlerts.ssmtpConf(alerts, account),
              "0640",
              "root",
              "mail",
              "write ssmtp's configuration (mailhub "
                  + alerts.smtp.host
                  + ":"
                  + alerts.smtp.port
                  + (account.isPresent() ? ", with the SMTP account" : "")
                  + ")"));
    }
    if (alerts.kubernetesEvents) {
      // Pacemaker runs alert agents as hacluster
      steps.add(
          new DirectoryStep(
              GuideAlerts.EVENT_LOG_DIR,
              "0755",
              "hacluster",
              "haclient",
              "create the alert agent's log folder (for Kubernetes Events)"));
    }
    steps.add(
        FileStep.of(
            GuideAlerts.AGENT_PATH,
            GuideAlerts.agentScript(alerts),
            "0755",
            "root",
            "root",
            "write the alert agent " + GuideAlerts.AGENT_PATH));
    return steps;
  }
}
