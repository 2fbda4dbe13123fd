package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarded removal of "Uninstall MySQL from OSM nodes" run by sh against stand-in package
 * managers on the PATH: they print what the real ones print when simulating, and log any real
 * removal, so the test sees whether one happened.
 */
class PackageRemovalScriptTest {
  @TempDir Path bin;

  static final List<String> KEEP = List.of("pacemaker", "lsyncd", "apache2", "*ovd*");

  @Test
  void aptRemovesTheServerWithItsOwnDependencies() throws Exception {
    aptSimulating("Remv mariadb-server [1:10.11.6-0+deb12u1]", "Purg libdbi-perl [1.643-4]");
    Result r = run(PackageManager.APT.autoremoveScript(List.of("mariadb-server"), KEEP));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(log()).contains("-y autoremove --purge mariadb-server");
  }

  @Test
  void aptRemovesNothingWhenTheSessionManagerWouldGoAlong() throws Exception {
    aptSimulating("Remv inuvika-ovd-session-manager [3.3.0-1]", "Remv mariadb-server [1]");
    Result r = run(PackageManager.APT.autoremoveScript(List.of("mariadb-server"), KEEP));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output())
        .contains("removing mariadb-server would also remove inuvika-ovd-session-manager");
    assertThat(log()).doesNotContain("-y autoremove");
  }

  @Test
  void aFailedSimulationRemovesNothing() throws Exception {
    script("apt-get", "echo \"$@\" >> " + bin.resolve("log") + "; exit 100");
    Result r = run(PackageManager.APT.autoremoveScript(List.of("mariadb-server"), KEEP));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output()).contains("could not tell what removing mariadb-server would take along");
    assertThat(log()).doesNotContain("-y autoremove");
  }

  @Test
  void dnfRemovesNothingWhenAnInstalledPackageRequiresTheServer() throws Exception {
    script("rpm", "echo ovd-session-manager-pcs-plugin");
    script("dnf", "echo \"$@\" >> " + bin.resolve("log"));
    Result r = run(PackageManager.DNF.autoremoveScript(List.of("mariadb-server"), KEEP));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(log()).doesNotContain("autoremove");

    script("rpm", "echo 'no package requires mariadb-server'; exit 1");
    assertThat(run(PackageManager.DNF.autoremoveScript(List.of("mariadb-server"), KEEP)).exit())
        .isZero();
    assertThat(log()).contains("-y autoremove mariadb-server");
  }

  @Test
  void ssmtpReplacesTheMailServerFoundAndNothingElse() throws Exception {
    // what apt printed on the lab's osm1 (Debian 12): exim4's base and config go along
    aptSimulating(
        "Remv exim4-daemon-light [4.96-15+deb12u11] [bsd-mailx:amd64 ]",
        "Remv exim4-config [4.96-15+deb12u11] [exim4-base:amd64 bsd-mailx:amd64 ]",
        "Inst ssmtp (2.64-11 ovd-lab local repository:bookworm [amd64]) [exim4-base:amd64 ]",
        "Remv exim4-base [4.96-15+deb12u11] []");
    Result r = run(PackageManager.APT.replaceScript("ssmtp", List.of("exim4-daemon-light")));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(log()).contains("-y install ssmtp");

    Files.deleteIfExists(bin.resolve("log"));
    aptSimulating("Remv exim4-daemon-light [4.96]", "Remv bsd-mailx [8.1.2]", "Inst ssmtp (2.64)");
    r = run(PackageManager.APT.replaceScript("ssmtp", List.of("exim4-daemon-light")));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output()).contains("installing ssmtp would also remove bsd-mailx: nothing done");
    assertThat(log()).doesNotContain("-y install ssmtp");
  }

  /** Appendix 3's update: apt needs the full version, which apt-cache madison lists. */
  @Test
  void theUpdateInstallsTheRepositorysVersionWithThatUpstreamPartOrFailsNamingIt()
      throws Exception {
    script("apt-get", "echo \"$@\" >> " + bin.resolve("log"));
    script(
        "apt-cache",
        "printf '%s\\n' ' inuvika-ovd-session-manager | 1:3.3.10-1 | file:/repo ./ Packages'"
            + " ' inuvika-ovd-session-manager |    3.3.1-2 | file:/repo ./ Packages'"
            + " ' inuvika-ovd-session-manager |    3.3.0-1 | file:/repo ./ Packages'");
    Result r = run(PackageManager.APT.versionInstallScript("inuvika-ovd-session-manager", "3.3.1"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(log()).contains("-y --no-remove install inuvika-ovd-session-manager=3.3.1-2");

    Files.deleteIfExists(bin.resolve("log"));
    r = run(PackageManager.APT.versionInstallScript("inuvika-ovd-session-manager", "3.3.2"));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output())
        .contains("no version 3.3.2 of inuvika-ovd-session-manager in the configured repositories");
    assertThat(log()).doesNotContain("install");

    assertThat(PackageManager.DNF.versionInstallScript("ovd-session-manager", "3.3.1"))
        .isEqualTo("dnf -y install ovd-session-manager-3.3.1");
  }

  private void aptSimulating(String... lines) throws Exception {
    script(
        "apt-get",
        "case \" $* \" in *\" -s \"*) printf '%s\\n' "
            + String.join(" ", java.util.Arrays.stream(lines).map(l -> "'" + l + "'").toList())
            + " ;; *) echo \"$@\" >> "
            + bin.resolve("log")
            + " ;; esac");
  }

  private void script(String name, String body) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String log() throws Exception {
    Path log = bin.resolve("log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  record Result(int exit, String output) {}

  private Result run(String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
