package io.ovdfailover.hosts;

import java.util.List;
import java.util.Optional;

/**
 * The two pcs command dialects the guide shows. pcs 0.10.1 replaced {@code pcs cluster auth A B}
 * (everyone with everyone) by {@code pcs host auth A B} (local host with A and B), dropped {@code
 * cluster setup --name NAME} for {@code cluster setup NAME nodes}, and removed the undocumented
 * {@code colocation add A B} form in favour of {@code colocation add A with B}. (The guide files
 * RHEL 8 under the old dialect, but RHEL 8 ships pcs 0.10: the installed version decides, see
 * {@link #forInstalled}.)
 */
public enum PcsSyntax {
  /** pcs 0.9 (Ubuntu 16.04/18.04, RHEL 7): corosync 2, pacemaker 1.1. */
  PCS_0_9 {
    @Override
    public String hostAuth(List<String> nodes) {
      return "pcs cluster auth " + ShellQuote.quoteAll(nodes) + " -u hacluster";
    }

    @Override
    public String clusterSetup(String name, List<String> nodes) {
      return "pcs cluster setup --name "
          + ShellQuote.quote(name)
          + " "
          + ShellQuote.quoteAll(nodes);
    }

    @Override
    public String colocationAdd(String resource, String withResource) {
      return "pcs constraint colocation add "
          + ShellQuote.quote(resource)
          + " "
          + ShellQuote.quote(withResource);
    }
  },
  /** pcs 0.10 and later (Ubuntu 22.04+, Debian 12, RHEL 8/9): corosync 3, pacemaker 2. */
  PCS_0_10 {
    @Override
    public String hostAuth(List<String> nodes) {
      return "pcs host auth " + ShellQuote.quoteAll(nodes) + " -u hacluster";
    }

    @Override
    public String clusterSetup(String name, List<String> nodes) {
      return "pcs cluster setup " + ShellQuote.quote(name) + " " + ShellQuote.quoteAll(nodes);
    }

    @Override
    public String colocationAdd(String resource, String withResource) {
      return "pcs constraint colocation add "
          + ShellQuote.quote(resource)
          + " with "
          + ShellQuote.quote(withResource);
    }
  };

  /**
   * Capability pcs 0.10+ lists in {@code pcs --version --full}: {@code pcs host auth NAME
   * addr=...}.
   */
  public static final String CAP_HOST_AUTH = "pcs.auth.separated-name-and-address";

  /**
   * Capability of pcs 0.11.1+: {@code pcs resource move} removes its own location constraint by
   * default.
   */
  public static final String CAP_MOVE_AUTOCLEAN_DEFAULT = "pcmk.resource.move.autoclean.default";

  /**
   * {@code pcs host auth ... -u hacluster} or {@code pcs cluster auth ...}; the hacluster password
   * is fed on stdin (pcs reads it from a non-tty stdin), never as {@code -p}.
   */
  public abstract String hostAuth(List<String> nodes);

  public abstract String clusterSetup(String name, List<String> nodes);

  public abstract String colocationAdd(String resource, String withResource);

  /**
   * The syntax of the installed pcs (capabilities first, then version); the profile's default if
   * none.
   */
  public static PcsSyntax forInstalled(Optional<PcsInfo> pcs, PcsSyntax profileDefault) {
    if (pcs.isEmpty()) {
      return profileDefault;
    }
    PcsInfo p = pcs.get();
    return p.has(CAP_HOST_AUTH) || p.version().atLeast("0.10.1") ? PCS_0_10 : PCS_0_9;
  }

  /**
   * Whether {@code pcs resource move} cleans up after itself (pcs 0.11.1+). When false, the move
   * leaves a {@code cli-prefer-*} location constraint that {@code pcs resource clear} must remove.
   */
  public static boolean moveRemovesItsConstraint(Optional<PcsInfo> pcs, boolean profileDefault) {
    return pcs.map(p -> p.has(CAP_MOVE_AUTOCLEAN_DEFAULT) || p.version().atLeast("0.11.1"))
        .orElse(profileDefault);
  }
}
