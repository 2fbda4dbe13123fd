package io.ovdfailover.hosts;

/**
 * A systemd unit as {@code systemctl show} reports it.
 *
 * @param loadState {@code loaded}, {@code not-found}, {@code masked}, ... or empty when systemd
 *     could not be asked
 * @param unitFileState {@code enabled}, {@code disabled}, {@code static}, {@code generated}, ...
 *     (empty for SysV-only)
 * @param activeState {@code active}, {@code inactive}, {@code failed}, {@code activating}, ...
 * @param subState {@code running}, {@code exited}, {@code dead}, ...
 */
public record UnitState(
    String loadState, String unitFileState, String activeState, String subState) {
  /**
   * systemd did not answer (not booted with systemd, bus down): nothing is known about the unit.
   */
  public static final UnitState UNKNOWN = new UnitState("", "", "", "");

  public boolean known() {
    return !loadState.isEmpty();
  }

  public boolean exists() {
    return known() && !loadState.equals("not-found");
  }

  /**
   * Enabled to start at boot ({@code enabled} or {@code enabled-runtime}; an alias counts as its
   * target).
   */
  public boolean enabled() {
    return unitFileState.equals("enabled")
        || unitFileState.equals("enabled-runtime")
        || unitFileState.equals("alias");
  }

  public boolean active() {
    return activeState.equals("active") || activeState.equals("reloading");
  }

  /**
   * Active with something running: not a SysV script's "active (exited)" (Debian's lsyncd script
   * exits 0 without its configuration and leaves the unit active with no daemon), which a unit
   * written over it inherits until it is started for real.
   */
  public boolean daemonRunning() {
    return active() && !subState.equals("exited");
  }

  public boolean failed() {
    return activeState.equals("failed");
  }
}
