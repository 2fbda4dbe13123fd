package io.ovdfailover.hosts;

import java.util.List;
import java.util.Map;

/**
 * How a distribution installs packages, non-interactively (the guide's {@code apt install}, {@code
 * yum install}).
 */
public enum PackageManager {
  /**
   * {@code DEBIAN_FRONTEND=noninteractive}: no debconf question may block a reconcile; waits for
   * the dpkg lock. {@code --no-remove}: an install never takes a package away (ssmtp conflicts with
   * every other mail server; {@code -y} alone would remove a site's postfix for it): apt stops
   * instead, naming the package, and the step fails with that. yum and dnf refuse a conflict by
   * themselves.
   */
  APT(
      "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install ",
      "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y autoremove --purge ",
      // what apt would remove or purge with them: its simulation's Remv/Purg lines (a failed
      // simulation fails the list)
      "{ apt-get -s autoremove --purge %s || echo @@failed; }"
          + " | awk '/^@@failed/ { exit 1 } /^(Remv|Purg) / { print $2 }'",
      // Debian's mail servers all provide and conflict with mail-transport-agent, ssmtp too; each
      // goes with the packages of its own that nothing else needs (exim4's base and config)
      Map.of(
          "exim4-daemon-light", "exim4-*",
          "exim4-daemon-heavy", "exim4-*",
          "postfix", "postfix*",
          "sendmail-bin", "sendmail*",
          "opensmtpd", "opensmtpd*",
          "nullmailer", "nullmailer",
          "msmtp-mta", "msmtp-mta",
          "dma", "dma",
          "courier-mta", "courier-*",
          "masqmail", "masqmail")),
  YUM(
      "yum -y install ",
      "yum -y autoremove ",
      // yum and dnf remove what requires them along with them
      "{ rpm -q --whatrequires %s --qf '%%{NAME}\\n' || true; } | grep -v '^no package' || true",
      // EPEL's ssmtp joins the mta alternatives beside postfix or sendmail
      Map.of()),
  DNF(
      "dnf -y install ",
      "dnf -y autoremove ",
      "{ rpm -q --whatrequires %s --qf '%%{NAME}\\n' || true; } | grep -v '^no package' || true",
      Map.of());

  private final String installPrefix;
  private final Map<String, String> mailServers;
  private final String autoremovePrefix;
  private final String alsoRemoved;

  /**
   * @param autoremovePrefix the guide's removal ("apt-get autoremove --purge", "dnf autoremove",
   *     "yum autoremove"), non-interactive
   * @param alsoRemoved a command printing, one a line, what the removal of {@code %s} would take
   *     along (the packages themselves may be among them)
   * @param mailServers the mail servers installing ssmtp removes (Appendix 2), each with a shell
   *     pattern of the packages that go with it
   */
  PackageManager(
      String installPrefix,
      String autoremovePrefix,
      String alsoRemoved,
      Map<String, String> mailServers) {
    this.installPrefix = installPrefix;
    this.mailServers = Map.copyOf(mailServers);
    this.autoremovePrefix = autoremovePrefix;
    this.alsoRemoved = alsoRemoved;
  }

  /**
   * The guide's removal of {@code packages} with their unneeded dependencies, guarded: when it
   * would also remove a package matching one of {@code mustStay} (shell patterns), nothing is
   * removed and the script fails naming it. The guide warns only against the database node; a
   * Session Manager package that depends on the local server would go with it, so this looks first.
   */
  public String autoremoveScript(List<String> packages, List<String> mustStay) {
    String names = ShellQuote.quoteAll(packages);
    String what = String.join(" ", packages);
    return String.join(
        "\n",
        "gone=$(" + String.format(alsoRemoved, names) + ") || {",
        "  echo \"could not tell what removing " + what + " would take along\" >&2; exit 3; }",
        "for p in $gone; do",
        "  case \" " + what + " \" in *\" $p \"*) continue ;; esac",
        "  for k in " + ShellQuote.quoteAll(mustStay) + "; do",
        "    case $p in $k) echo \"removing "
            + what
            + " would also remove $p: nothing removed (remove it by hand if that is meant)\" >&2;"
            + " exit 3 ;; esac",
        "  done",
        "done",
        autoremovePrefix + names);
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

  /**
   * Appendix 3's "update OVD following the release notes": installs the version of {@code pkg}
   * whose upstream part is {@code version} (3.3.1 picks 3.3.1-2 or 1:3.3.1-2), from the package
   * lists refreshed first, and fails naming the version when the repositories have none. yum and
   * dnf take {@code name-version} as such a pattern; apt needs the full version, which its
   * candidates list gives.
   */
  public String versionInstallScript(String pkg, String version) {
    String p = ShellQuote.quote(pkg);
    if (this != APT) {
      return installPrefix + ShellQuote.quote(pkg + "-" + version);
    }
    return String.join(
        "\n",
        "apt-get -o DPkg::Lock::Timeout=300 -q update >/dev/null 2>&1 || true",
        "v=$(apt-cache madison "
            + p
            + " | awk -F '|' -v want="
            + ShellQuote.quote(version)
            + " '{ v = $2; gsub(/ /, \"\", v); u = v; sub(/^[0-9]+:/, \"\", u); sub(/-[^-]*$/, \"\", u)"
            + "; if (u == want) { print v; exit } }')",
        "[ -n \"$v\" ] || { echo \"no version "
            + version
            + " of "
            + pkg
            + " in the configured repositories (apt-cache madison "
            + pkg
            + ")\" >&2; exit 3; }",
        installPrefix + p + "=\"$v\"");
  }

  /**
   * The mail servers installing ssmtp takes away (Appendix 2's {@code apt install ssmtp} asks the
   * admin to confirm their removal): Debian's all conflict with each other; yum and dnf remove
   * none.
   */
  public List<String> mailServers() {
    return mailServers.keySet().stream().sorted().toList();
  }

  /**
   * Installs {@code pkg} in place of the installed mail servers {@code replaced}: apt's simulation
   * must remove those and their own packages (exim4's base and config) and nothing else, or nothing
   * is done and the script fails naming what else would go.
   */
  public String replaceScript(String pkg, List<String> replaced) {
    if (this != APT) {
      return installScript(List.of(pkg));
    }
    String allowed =
        String.join(
            " ", replaced.stream().map(r -> mailServers.getOrDefault(r, r)).distinct().toList());
    String simulate = "apt-get -s install " + ShellQuote.quote(pkg);
    return String.join(
        "\n",
        "gone=$({ "
            + simulate
            + " || { apt-get -o DPkg::Lock::Timeout=300 -q update >&2 && "
            + simulate
            + "; } || echo @@failed; } | awk '/^@@failed/ { exit 1 } /^(Remv|Purg) / { print $2 }') || {",
        "  echo \"could not tell what installing " + pkg + " would remove\" >&2; exit 3; }",
        "set -f",
        "for p in $gone; do",
        "  ok=",
        "  for k in " + allowed + "; do case $p in $k) ok=1 ;; esac; done",
        "  [ -n \"$ok\" ] || { echo \"installing "
            + pkg
            + " would also remove $p: nothing done\" >&2; exit 3; }",
        "done",
        "set +f",
        "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y install "
            + ShellQuote.quote(pkg));
  }
}
