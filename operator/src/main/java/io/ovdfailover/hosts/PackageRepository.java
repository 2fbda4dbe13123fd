package io.ovdfailover.hosts;

import java.util.Locale;

/**
 * A repository that a distribution does not enable by default and that some packages of a row come
 * from: the guide installs them with {@code yum install} as if it were there.
 */
public enum PackageRepository {
  /**
   * Extra Packages for Enterprise Linux: lsyncd (and ssmtp) on RHEL. Enabled by the epel-release
   * package ({@code [epel]}), or mirrored under a name of the site's (a Satellite's {@code
   * ..._EPEL_8}): any enabled repository whose id contains "epel" counts.
   */
  EPEL("EPEL (Extra Packages for Enterprise Linux)", "epel");

  private final String title;
  private final String idPart;

  PackageRepository(String title, String idPart) {
    this.title = title;
    this.idPart = idPart;
  }

  public String title() {
    return title;
  }

  /**
   * Whether the facts show that no enabled repository is this one. False when the facts do not tell
   * (an older probe, no /etc/yum.repos.d): the install then says for itself.
   */
  public boolean knownNotEnabled(HostFacts facts) {
    return facts
        .enabledRepositories()
        .map(ids -> ids.stream().noneMatch(id -> id.toLowerCase(Locale.ROOT).contains(idPart)))
        .orElse(false);
  }
}
