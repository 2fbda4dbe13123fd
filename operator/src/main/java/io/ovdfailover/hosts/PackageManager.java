package io.ovdfailover.hosts;

import java.util.List;

/** How a distribution installs packages, non-interactively (the guide's {@code apt install}, {@code yum install}). */
public enum PackageManager {
  /** {@code DEBIAN_FRONTEND=noninteractive}: no debconf question may block a reconcile; waits for the dpkg lock. */
  APT("DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y install "),
  YUM("yum -y install "),
  DNF("dnf -y install ");

  private final String installPrefix;

  PackageManager(String installPrefix) {
    this.installPrefix = installPrefix;
  }

  public String installScript(List<String> packages) {
    return installPrefix + ShellQuote.quoteAll(packages);
  }
}
