package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PackageSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's optional "Uninstall MySQL from OSM nodes": once the cluster is built, a session
 * manager's local server ({@code apt-get autoremove --purge mysql-server}, {@code dnf autoremove
 * mariadb-server}) goes. Only ever planned for a session manager (the guide's warning: never on the
 * database node), and only after the database stage found the database moved (its stage comes
 * first). The removal refuses to run when it would take along anything the guide installs, Apache,
 * or a package whose name contains ovd ({@code sessionManagerPackage} among them).
 *
 * @param sessionManagerPackage the spec's Session Manager package, which must stay
 */
public record LocalServerRemovalStep(String sessionManagerPackage) implements Step {
  @Override
  public String name() {
    return "local MySQL server";
  }

  /** The server package of every profile (the profile is not known when probing). */
  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPackages(DistroProfiles.mysqlServerPackages());
  }

  @Override
  public List<Command> changes(NodeContext node) {
    String server = node.profile().mysql().serverPackage();
    if (!node.facts().installed(server)) {
      return List.of();
    }
    return List.of(
        Command.change(
                "uninstall the local MySQL/MariaDB server (" + server + "), as the guide's extra",
                node.profile().packageManager().autoremoveScript(List.of(server), mustStay(node)))
            .withTimeout(PackagesStep.INSTALL_TIMEOUT));
  }

  /** What the removal may not take along, as shell patterns. */
  private List<String> mustStay(NodeContext node) {
    List<String> keep = new ArrayList<>();
    for (PackageSet set :
        List.of(PackageSet.PACEMAKER, PackageSet.LSYNCD, PackageSet.IPTABLES, PackageSet.WGET)) {
      keep.addAll(node.profile().packages(set));
    }
    keep.add(node.profile().apache().service());
    keep.add(sessionManagerPackage);
    keep.add("*ovd*");
    return keep;
  }
}
