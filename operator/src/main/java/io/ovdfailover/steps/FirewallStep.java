package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Firewall;
import io.ovdfailover.hosts.LineQuery;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The "Firewall and Ports" section (Pacemaker ports on the OSM and pcs nodes) or TCP 3306 on dbmy,
 * with the profile's firewall. Converged when the firewall is not in use on the node, or when its
 * saved configuration already holds the rules (ufw's user.rules tuples, firewalld's public zone);
 * otherwise the guide's commands run.
 *
 * @param source the network allowed in (CIDR), or {@link Firewall#ANY}
 */
public record FirewallStep(Purpose purpose, String description, String source) implements Step {
  /**
   * What the ports are for: the guide's commands and the lines they leave in the saved
   * configuration.
   */
  public enum Purpose {
    PACEMAKER(Firewall::pacemakerRules, Firewall::pacemakerEvidence),
    MYSQL(Firewall::mysqlRules, Firewall::mysqlEvidence),
    QUORUM_DEVICE(Firewall::quorumDeviceRules, Firewall::quorumDeviceEvidence);

    private final BiFunction<Firewall, String, List<String>> rules;
    private final BiFunction<Firewall, String, List<LineQuery>> evidence;

    Purpose(
        BiFunction<Firewall, String, List<String>> rules,
        BiFunction<Firewall, String, List<LineQuery>> evidence) {
      this.rules = rules;
      this.evidence = evidence;
    }
  }

  @Override
  public String name() {
    return "firewall " + purpose.name().toLowerCase();
  }

  /**
   * Whether each firewall kind is in use, and its evidence lines for this purpose (the profile is
   * not known when probing).
   */
  @Override
  public FactsRequest probes() {
    List<Firewall> all = List.of(Firewall.values());
    return FactsRequest.ofPackages(all.stream().map(Firewall::packageName).toList())
        .plus(FactsRequest.ofUnits(all.stream().map(Firewall::unit).toList()))
        .plus(FactsRequest.ofLines(all.stream().flatMap(f -> evidence(f).stream()).toList()));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    Firewall firewall = node.profile().firewall();
    if (!firewall.inUse(node.facts())) {
      return List.of();
    }
    boolean applied = evidence(firewall).stream().allMatch(q -> node.facts().line(q).satisfied(q));
    if (applied) {
      return List.of();
    }
    return purpose.rules.apply(firewall, source).stream()
        .map(r -> Command.change(description + ": " + r, r))
        .toList();
  }

  private List<LineQuery> evidence(Firewall f) {
    return purpose.evidence.apply(f, source);
  }
}
