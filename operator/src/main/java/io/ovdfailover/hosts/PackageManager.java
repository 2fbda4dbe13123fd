package io.ovdfailover.hosts;

import java.util.List;

/**
 * How a distribution installs packages, non-interactively (the guide's {@code apt install}, {@code
 * yum install}).
 */
public enum PackageManager {
  /**
   * {@code DEBIAN_FRONTEND=noninteractive}: no debconf question may block a reconcile; waits for
   * the dpkg lock.
   */
  APT("DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y install "),
  YUM("yum -y install "),
  DNF("dnf -y install ");

  private final String installPrefix;

  PackageManager(String installPrefix) {
    this.installPrefix = installPrefix;
  }

  /**
   * Installs the packages; with apt, a failed install (missing or stale package lists, common on
   * fresh VMs) is retried once after {@code apt-get update}.
   */
  public String installScript(List<String> packages) {
    return installScript(packages, List.of());
  }

  /**
   * The same, leaving out recommended packages that are not installed: apt's {@code name-} keeps a
   * recommendation from being pulled in (it would remove an installed one, so the caller passes
   * only absent ones). yum and dnf ignore the list: no row needs it there.
   */
  public String installScript(List<String> packages, List<String> recommendsLeftOut) {
    StringBuilder names = new StringBuilder(ShellQuote.quoteAll(packages));
    if (this == APT) {
      for (String p : recommendsLeftOut) {
        names.append(' ').append(ShellQuote.quote(p + "-"));
      }
    }
    String install = installPrefix + names;
    if (this == APT) {
      return install + " || { apt-get -o DPkg::Lock::Timeout=300 -q update && " + install + "; }";
    }
    return install;
  }
}
