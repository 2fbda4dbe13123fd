package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PackageSet;
import java.time.Duration;
import java.util.List;

/**
 * Packages installed through the profile's manager, non-interactively; only the missing ones are
 * installed. The package names come from the node's profile ({@link PackageSet}), e.g. mysql-server
 * on Ubuntu and mariadb-server on RHEL and Debian 12.
 */
public record PackagesStep(PackageSet set, String description, boolean downtime) implements Step {
  /** Package installs download and configure: far longer than the default command timeout. */
  public static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

  public static PackagesStep of(PackageSet set, String description) {
    return new PackagesStep(set, description, false);
  }

  @Override
  public String name() {
    return "packages " + set.name().toLowerCase();
  }

  /**
   * The set's names in every profile (the profile is not known when probing), and the
   * recommendations left out: whether they are installed decides whether they may be left out.
   */
  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPackages(
        DistroProfiles.ALL.stream()
            .flatMap(
                p ->
                    java.util.stream.Stream.concat(
                        p.packages(set).stream(), p.recommendsLeftOut(set).stream()))
            .distinct()
            .toList());
  }

  /**
   * A missing package that comes from a repository the node does not have enabled (RHEL's lsyncd,
   * from EPEL): installing it could only fail, so the stage is blocked, naming the repository.
   */
  @Override
  public List<String> blockers(NodeContext node) {
    List<String> missing = missing(node);
    return node.profile()
        .repository(set)
        .filter(r -> !missing.isEmpty() && r.knownNotEnabled(node.facts()))
        .map(
            r ->
                List.of(
                    node.node()
                        + ": "
                        + String.join(" ", missing)
                        + " is not installed and comes from "
                        + r.title()
                        + " on "
                        + node.profile().name()
                        + ", but no repository enabled in /etc/yum.repos.d is "
                        + r.name()
                        + "; enable "
                        + r.name()
                        + " (or install "
                        + String.join(" ", missing)
                        + " from a repository of your own) and the pass goes on"))
        .orElse(List.of());
  }

  @Override
  public List<Command> changes(NodeContext node) {
    List<String> missing = missing(node);
    if (missing.isEmpty()) {
      return List.of();
    }
    // only absent ones: leaving out an installed package would remove it
    List<String> leftOut =
        node.profile().recommendsLeftOut(set).stream()
            .filter(p -> !node.facts().installed(p))
            .toList();
    // the plan says where the packages come from when it is not the distribution itself
    String from = node.profile().repository(set).map(r -> ", from " + r.name()).orElse("");
    return List.of(
        Command.change(
                description + " (" + String.join(" ", missing) + from + ")",
                node.profile().packageManager().installScript(missing, leftOut))
            .withTimeout(INSTALL_TIMEOUT));
  }

  private List<String> missing(NodeContext node) {
    return node.profile().packages(set).stream().filter(p -> !node.facts().installed(p)).toList();
  }
}
