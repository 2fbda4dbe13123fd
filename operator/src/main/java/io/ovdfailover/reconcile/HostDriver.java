package io.ovdfailover.reconcile;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.steps.database.DbCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one converge pass of a cluster over SSH: shells from {@link HostAccess}, the Secrets' values, then
 * {@link GuideConverger}. Missing Secrets and unusable keys are reported per node, without connecting.
 */
public final class HostDriver {
  private final HostAccess access;

  public HostDriver(HostAccess access) {
    this.access = access;
  }

  public GuideConverger.Result pass(OvdFailoverCluster cluster, Map<String, ClusterNode> nodes)
      throws InterruptedException {
    OvdFailoverClusterSpec spec = cluster.getSpec();
    String ns = cluster.getMetadata().getNamespace();
    HostAccess.Shells shells = access.shells(ns, nodes);
    if (!shells.problems().isEmpty()) {
      Map<String, HostException> down = new LinkedHashMap<>();
      shells.problems().forEach((n, m) -> down.put(n, new HostException(HostException.Kind.AUTH_FAILED, n, m)));
      return new GuideConverger.Result(GuideConverger.Outcome.UNREACHABLE, "access", List.of(), List.of(),
          "cannot reach " + down.keySet() + " (see NodesReachable)", Map.of(), down, Optional.empty());
    }
    Optional<String> hacluster = access.secretText(ns, spec.haclusterPasswordSecret.name, spec.haclusterPasswordSecret.key);
    var dbRef = spec.database.credentialsSecret;
    Optional<String> dbUser = access.secretText(ns, dbRef.name, dbRef.userKey);
    Optional<String> dbPassword = access.secretText(ns, dbRef.name, dbRef.passwordKey);
    if (hacluster.isEmpty() || dbUser.isEmpty() || dbPassword.isEmpty()) {
      String missing = hacluster.isEmpty() ? "Secret " + spec.haclusterPasswordSecret.name + " key "
          + spec.haclusterPasswordSecret.key : "Secret " + dbRef.name + " keys " + dbRef.userKey + "/" + dbRef.passwordKey;
      return new GuideConverger.Result(GuideConverger.Outcome.BLOCKED, "secrets", List.of(), List.of(),
          missing + " is missing", Map.of(), Map.of(), Optional.empty());
    }
    GuideConverger converger = new GuideConverger(spec, shells.shells()::get,
        new GuideConverger.Secrets(hacluster.get()), spec.maintenance.allowDowntime,
        new DatabaseStep(shells.shells()::get, new DbCredentials(dbUser.get(), dbPassword.get())));
    return converger.pass(spec.paused);
  }
}
