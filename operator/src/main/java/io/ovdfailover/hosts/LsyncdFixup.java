package io.ovdfailover.hosts;

/**
 * The guide's "Fixup missing packaging" for lsyncd. Debian and Ubuntu ship only a SysV script that
 * exits 0 when its configuration is missing (so Pacemaker's {@code systemd:lsyncd} could report
 * Started with no daemon): the guide adds a real systemd unit. RHEL's (EPEL) unit reads its
 * arguments from /etc/sysconfig/lsyncd.
 */
public enum LsyncdFixup {
  SYSTEMD_UNIT(
      "/etc/systemd/system/lsyncd.service",
      """
      [Unit]
      Description=Live Syncing (Mirror) Daemon
      After=network.target

      [Service]
      Type=simple
      ExecStart=/usr/bin/lsyncd -nodaemon /etc/lsyncd/lsyncd.conf.lua
      SuccessExitStatus=143

      [Install]
      WantedBy=multi-user.target
      """,
      "systemctl daemon-reload"),
  /**
   * Only the line {@code LSYNCD_OPTIONS="/etc/lsyncd/lsyncd.conf.lua"} must be present in the file.
   */
  SYSCONFIG("/etc/sysconfig/lsyncd", "LSYNCD_OPTIONS=\"/etc/lsyncd/lsyncd.conf.lua\"\n", null);

  private final String file;
  private final String content;
  private final String afterChange;

  LsyncdFixup(String file, String content, String afterChange) {
    this.file = file;
    this.content = content;
    this.afterChange = afterChange;
  }

  public String file() {
    return file;
  }

  /** The file content the guide gives (for SYSCONFIG: the one line that must be present). */
  public String content() {
    return content;
  }

  /**
   * For SYSCONFIG: the line that must be present, and the only {@code LSYNCD_OPTIONS=} line (a
   * later one would win when systemd reads the file). Empty for SYSTEMD_UNIT, which owns its whole
   * file.
   */
  public java.util.Optional<LineQuery> requiredLine() {
    return this == SYSCONFIG
        ? java.util.Optional.of(new LineQuery(file, content.strip(), "LSYNCD_OPTIONS="))
        : java.util.Optional.empty();
  }

  /** What to run after the file changed ({@code systemctl daemon-reload}), or null. */
  public String afterChange() {
    return afterChange;
  }
}
