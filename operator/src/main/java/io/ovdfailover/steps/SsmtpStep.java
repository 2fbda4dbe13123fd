package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PackageSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Appendix 2's {@code apt install ssmtp}. ssmtp conflicts with every other mail server on Debian,
 * and a Debian host usually has one (exim4, which cron recommends), so the guide's command removes
 * it once the admin says yes. The operator says yes only when the spec does ({@code
 * spec.alerts.replaceMailServer}): a mail server may carry more than cron's mail. Otherwise the
 * alerts stage leaves the step out on that node and reports the mail server as kept ({@link
 * #keptMailServers}); the step's own blocker says the same wherever it is planned. The install
 * never removes anything but the mail servers found.
 */
public record SsmtpStep(boolean replaceMailServer) implements Step {

  @Override
  public String name() {
    return "packages ssmtp";
  }

  /** ssmtp and every mail server it would take the place of, in every profile. */
  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPackages(
        DistroProfiles.ALL.stream()
            .flatMap(
                p ->
                    Stream.concat(p.packages(PackageSet.SSMTP).stream(), mailServersOf(p).stream()))
            .distinct()
            .toList());
  }

  @Override
  public List<String> blockers(NodeContext node) {
    List<String> servers = installedMailServers(node);
    if (missing(node).isEmpty() || servers.isEmpty() || replaceMailServer) {
      return List.of();
    }
    return List.of(
        node.node()
            + ": "
            + String.join(" ", servers)
            + " is installed, and ssmtp takes its place (they conflict; the guide's apt install"
            + " ssmtp removes it): set spec.alerts.replaceMailServer to let the operator replace it,"
            + " or install ssmtp yourself");
  }

  @Override
  public List<Command> changes(NodeContext node) {
    List<String> missing = missing(node);
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> servers = installedMailServers(node);
    if (servers.isEmpty()) {
      return new PackagesStep(PackageSet.SSMTP, "install ssmtp (Appendix 2)", false).changes(node);
    }
    return List.of(
        Command.change(
                "install ssmtp in place of " + String.join(" ", servers) + " (Appendix 2)",
                node.profile().packageManager().replaceScript(missing.get(0), servers))
            .withTimeout(PackagesStep.INSTALL_TIMEOUT));
  }

  /**
   * The mail servers that stay on the node because the spec does not let ssmtp replace them: empty
   * when ssmtp is there, when there is none, or when the spec allows the replacement.
   */
  public static List<String> keptMailServers(NodeContext node, boolean replaceMailServer) {
    return missing(node).isEmpty() || replaceMailServer ? List.of() : installedMailServers(node);
  }

  private static List<String> mailServersOf(io.ovdfailover.hosts.DistroProfile profile) {
    return profile.packageManager().mailServers();
  }

  private static List<String> missing(NodeContext node) {
    return node.profile().packages(PackageSet.SSMTP).stream()
        .filter(p -> !node.facts().installed(p))
        .toList();
  }

  private static List<String> installedMailServers(NodeContext node) {
    return mailServersOf(node.profile()).stream().filter(node.facts()::installed).toList();
  }
}
