package io.ovdfailover.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsProber;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.LocalShell;
import io.ovdfailover.hosts.LsyncdFixup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real execution on this machine through {@link LocalShell}: probe, plan, execute, probe again, and
 * the second plan is empty. Everything happens under a temporary directory: the real /etc is never
 * touched.
 */
class StepsRealExecutionIT {
  @TempDir Path root;

  private String sh(String script) throws HostException {
    return new LocalShell("local").runChecked(Command.read("helper", script)).stdout().strip();
  }

  private NodeContext probe(LocalShell shell, List<Step> steps) throws HostException {
    HostFacts facts = FactsProber.probeOne(shell, Planner.probes(steps));
    return NodeContext.detect(facts);
  }

  @ParameterizedTest(name = "converges with {0}")
  @ValueSource(strings = {"dash", "bash"})
  void fileSymlinkAndAbsentStepsConvergeAndTheSecondPlanIsEmpty(String shellName) throws Exception {
    String user = sh("id -un");
    String group = sh("id -gn");
    // as root, the guide's owner for the Session Manager config (www-data exists on every Debian)
    String configOwner = user.equals("root") ? "www-data" : user;
    String configGroup = user.equals("root") ? "www-data" : group;
    Path etc = root.resolve("etc");
    Path cron = etc.resolve("lsyncd/lsyncd.cron");
    Path unit = etc.resolve("systemd/system/lsyncd.service");
    Path reloaded = root.resolve("daemon-reloaded");
    Path config = root.resolve("var/spool/ovd/session-manager/config");
    Path vipSrc = etc.resolve("default/cluster-vip-src");
    Path cronLink = etc.resolve("cron.d/lsyncd");
    Path osmCron = etc.resolve("cron.d/ovd-session-manager");
    String secret =
        "{\"general.sql.host\": \"dbmy.priv\", \"general.sql.password\": \"Xy'z $(boom) \\\"q\"}\n";
    String vipSrcContent = "NIC=eth0\nVIRTUAL_IP=10.20.1.10\nADDRESS=0.0.0.0/0\n";

    // state before: a stale OSM cron link, the right cluster-vip-src content with a wrong mode
    Files.createDirectories(osmCron.getParent());
    Files.createSymbolicLink(osmCron, root.resolve("etc/ovd/session-manager/sessionmanager.cron"));
    Files.createDirectories(vipSrc.getParent());
    Files.writeString(vipSrc, vipSrcContent);
    Files.setPosixFilePermissions(vipSrc, PosixFilePermissions.fromString("rw-------"));

    List<Step> steps =
        List.of(
            FileStep.of(
                cron.toString(),
                "00 * * * * root /usr/bin/killall -s SIGHUP lsyncd\n",
                "0644",
                user,
                group,
                "Create the /etc/lsyncd/lsyncd.cron configuration"),
            FileStep.of(
                    unit.toString(),
                    LsyncdFixup.SYSTEMD_UNIT.content(),
                    "0644",
                    user,
                    group,
                    "Create the /etc/systemd/system/lsyncd.service configuration file")
                .withAfterChange("touch " + reloaded),
            FileStep.of(
                    config.toString(),
                    secret,
                    "0660",
                    configOwner,
                    configGroup,
                    "Enable the Session Manager service")
                .withDowntime(true),
            FileStep.of(
                vipSrc.toString(),
                vipSrcContent,
                "0644",
                user,
                group,
                "Open /etc/default/cluster-vip-src"),
            SymlinkStep.of(cronLink.toString(), cron.toString(), "Link the lsyncd cron"),
            AbsentStep.of(osmCron.toString(), "Remove the OSM cron"),
            new DirectoryStep(
                root.resolve("var/log/corosync").toString(),
                "0750",
                user,
                group,
                "mkdir /var/log/corosync/"));
    LocalShell shell = new LocalShell("osm1", shellName, Map.of());

    Plan first = Planner.plan(probe(shell, steps), steps);
    assertThat(first.rows())
        .extracting(Plan.Row::action)
        .containsExactly(
            "Create the /etc/lsyncd/lsyncd.cron configuration",
            "Create the /etc/systemd/system/lsyncd.service configuration file",
            "Reload after changing " + unit + ": touch " + reloaded,
            "Enable the Session Manager service",
            "Set owner " + user + ":" + group + " and mode 0644 of " + vipSrc,
            "Link the lsyncd cron",
            "Remove the OSM cron",
            "mkdir /var/log/corosync/");
    assertThat(first.actions().stream().filter(Action::downtime))
        .extracting(Action::description)
        .containsExactly("Enable the Session Manager service");

    PlanExecutor.Report report = PlanExecutor.execute(first, n -> shell);
    assertThat(report.failure()).isEmpty();
    assertThat(report.completed()).hasSize(8);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("var/log/corosync"))))
        .isEqualTo("rwxr-x---");

    assertThat(Files.readString(config)).isEqualTo(secret);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-rw----");
    assertThat(Files.getOwner(config).getName()).isEqualTo(configOwner);
    assertThat(Files.readString(unit)).isEqualTo(LsyncdFixup.SYSTEMD_UNIT.content());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vipSrc)))
        .isEqualTo("rw-r--r--");
    assertThat(Files.readSymbolicLink(cronLink)).isEqualTo(cron);
    assertThat(Files.exists(osmCron, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(reloaded).exists();
    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.map(Path::getFileName).map(Path::toString))
          .noneMatch(n -> n.startsWith(".ovd-write"));
    }

    Files.delete(reloaded);
    Plan second = Planner.plan(probe(shell, steps), steps);
    assertThat(second.mutatingCommands()).isZero();
    assertThat(second.isEmpty()).isTrue();
    assertThat(reloaded).doesNotExist();
  }

  @Test
  void executorStopsAtTheFirstFailureWithAClearError() throws Exception {
    Path first = root.resolve("first");
    Path third = root.resolve("third");
    Step steps =
        new Step() {
          @Override
          public String name() {
            return "three commands";
          }

          @Override
          public List<Command> changes(NodeContext node) {
            return List.of(
                Command.change("touch the first file", "touch " + first),
                Command.change(
                    "Start the cluster", "echo 'Error: unable to start the cluster' >&2; exit 4"),
                Command.change("touch the third file", "touch " + third));
          }
        };
    LocalShell shell = new LocalShell("pcs3");
    Plan plan = Planner.plan(probe(shell, List.of()), List.of(steps));

    List<String> heard = new java.util.ArrayList<>();
    PlanExecutor.Report report =
        PlanExecutor.execute(
            plan,
            n -> n.equals("pcs3") ? shell : null,
            new PlanExecutor.Listener() {
              @Override
              public void started(Action action) {
                heard.add("started " + action.description());
              }

              @Override
              public void completed(Action action, io.ovdfailover.hosts.CommandResult result) {
                heard.add("completed " + action.description() + " rc=" + result.exitCode());
              }

              @Override
              public void failed(PlanExecutor.Failure failure) {
                heard.add("failed " + failure.action().description());
              }
            });

    assertThat(report.succeeded()).isFalse();
    assertThat(report.completed())
        .extracting(Action::description)
        .containsExactly("touch the first file");
    assertThat(report.failure().orElseThrow().message())
        .isEqualTo(
            "pcs3: step 'three commands', action 'Start the "
                + "cluster' failed: pcs3: 'Start the cluster' exited with 4: Error: unable to start the cluster");
    assertThat(first).exists();
    assertThat(third).doesNotExist();
    assertThat(heard)
        .containsExactly(
            "started touch the first file",
            "completed touch the first file rc=0",
            "started Start the cluster",
            "failed Start the cluster");
  }

  @Test
  void aDirectoryIsNeverReplacedByAFile() throws Exception {
    Path dir = Files.createDirectories(root.resolve("etc/cron.d/lsyncd"));
    List<Step> steps =
        List.of(SymlinkStep.of(dir.toString(), "/etc/lsyncd/lsyncd.cron", "Link the lsyncd cron"));
    LocalShell shell = new LocalShell("osm1");
    PlanExecutor.Report report =
        PlanExecutor.execute(Planner.plan(probe(shell, steps), steps), n -> shell);
    assertThat(report.failure().orElseThrow().message()).contains("is a directory");
    assertThat(dir).isDirectory();
  }

  @Test
  void hostsFileWriteRefusesWhenTheFileChangedSinceTheProbe() throws Exception {
    // the guard of HostsFileStep's write, exercised on a copy under the temporary directory
    Path hosts = Files.writeString(root.resolve("hosts"), "127.0.0.1 localhost\n");
    String probedSha = sh("sha256sum " + hosts + " | cut -d' ' -f1");
    Files.writeString(hosts, "127.0.0.1 localhost\n10.0.0.9 intruder\n");
    Command write =
        new Command(
            "Edit the hosts file",
            Scripts.writeStdinTo(hosts.toString(), "0644", sh("id -un"), sh("id -gn"), probedSha),
            "127.0.0.1 localhost\n192.168.100.11 osm1.priv\n".getBytes(),
            true,
            null);
    var r = new LocalShell("osm1").run(write);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stderr()).contains("changed since it was probed");
    assertThat(Files.readString(hosts)).contains("intruder");
    assertThat(Optional.of(r.stdout())).contains("");
  }

  /**
   * HostsFileStep for real on /etc/hosts, but in a private mount namespace where /etc is a copy
   * under the temporary directory: the probe reads it, the executor rewrites it, the second plan is
   * empty. The real /etc is untouched (checked). Needs root (unshare -m).
   */
  @Test
  void hostsFileStepConvergesOnACopyOfEtc() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new LocalShell("local").run(Command.read("unshare?", "unshare -m true")).ok(),
        "unshare -m is not permitted here");
    String realHostsBefore = sh("sha256sum /etc/hosts");
    Path etc = root.resolve("etc");
    sh("cp -a /etc " + etc);
    String hostname = sh("hostname");
    Files.writeString(
        etc.resolve("hosts"),
        "127.0.0.1 localhost\n127.0.1.1 "
            + hostname
            + " osm1.priv\n"
            + "# managed by hand\n192.168.100.12 osm2.priv\n");
    Path wrapper = root.resolve("etc-sh");
    Files.writeString(
        wrapper,
        "#!/bin/sh\n# etc-sh -c SCRIPT: run SCRIPT with the copy of /etc mounted on /etc\n"
            + "exec unshare -m sh -c 'mount --bind "
            + etc
            + " /etc && exec sh -c \"$1\"' etc-sh \"$2\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    LocalShell shell = new LocalShell("osm1", wrapper.toString(), Map.of());
    List<Step> steps =
        List.of(
            new HostsFileStep(
                List.of(
                    new io.ovdfailover.hosts.HostsEntry("192.168.100.11", List.of("osm1.priv")),
                    new io.ovdfailover.hosts.HostsEntry(
                        "192.168.100.12", List.of("osm2.priv", "the-other-osm"))),
                Optional.of("osm1")));

    Plan first = Planner.plan(probe(shell, steps), steps);
    assertThat(first.mutatingCommands()).isEqualTo(1);
    assertThat(PlanExecutor.execute(first, n -> shell).failure()).isEmpty();

    assertThat(Files.readString(etc.resolve("hosts")))
        .isEqualTo(
            "127.0.0.1 localhost\n127.0.1.1 osm1\n"
                + "# managed by hand\n192.168.100.12 osm2.priv the-other-osm\n192.168.100.11 osm1.priv\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("hosts"))))
        .isEqualTo("rw-r--r--");
    assertThat(Planner.plan(probe(shell, steps), steps).isEmpty()).isTrue();
    assertThat(sh("sha256sum /etc/hosts")).isEqualTo(realHostsBefore);
  }

  @Test
  void lineStepReplacesTheKeyKeepsTheRestAndConverges() throws Exception {
    Path sysconfig =
        Files.writeString(
            root.resolve("sysconfig-lsyncd"),
            "# Keep the space there for systemd.\n"
                + "LSYNCD_OPTIONS=\"-pidfile /var/run/lsyncd.pid /etc/lsyncd.conf\"\n# end\nLSYNCD_OPTIONS=\"\"\n");
    Files.setPosixFilePermissions(sysconfig, PosixFilePermissions.fromString("rw-r-----"));
    io.ovdfailover.hosts.LineQuery q =
        new io.ovdfailover.hosts.LineQuery(
            sysconfig.toString(),
            "LSYNCD_OPTIONS=\"/etc/lsyncd/lsyncd.conf.lua\"",
            "LSYNCD_OPTIONS=");
    List<Step> steps = List.of(LineStep.of(q, "Ensure that the LSYNCD_OPTIONS line is present"));
    LocalShell shell = new LocalShell("osm1");

    Plan first = Planner.plan(probeLines(shell, steps), steps);
    assertThat(first.mutatingCommands()).isEqualTo(1);
    assertThat(PlanExecutor.execute(first, n -> shell).failure()).isEmpty();

    assertThat(Files.readString(sysconfig))
        .isEqualTo(
            "# Keep the space there for systemd.\n"
                + "LSYNCD_OPTIONS=\"/etc/lsyncd/lsyncd.conf.lua\"\n# end\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sysconfig)))
        .isEqualTo("rw-r-----");
    assertThat(Planner.plan(probeLines(shell, steps), steps).isEmpty()).isTrue();

    Path missing = root.resolve("new/sysconfig");
    io.ovdfailover.hosts.LineQuery q2 =
        io.ovdfailover.hosts.LineQuery.of(missing.toString(), "KEY=value");
    List<Step> create = List.of(LineStep.of(q2, "Add KEY"));
    assertThat(
            PlanExecutor.execute(Planner.plan(probeLines(shell, create), create), n -> shell)
                .failure())
        .isEmpty();
    assertThat(Files.readString(missing)).isEqualTo("KEY=value\n");
    assertThat(Planner.plan(probeLines(shell, create), create).isEmpty()).isTrue();
  }

  private NodeContext probeLines(LocalShell shell, List<Step> steps) throws HostException {
    return NodeContext.detect(FactsProber.probeOne(shell, Planner.probes(steps)));
  }
}
