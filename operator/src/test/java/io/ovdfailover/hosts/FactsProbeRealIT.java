package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real probe script on this machine (Debian 12) through {@link LocalShell}, with dash and
 * bash.
 */
class FactsProbeRealIT {
  @TempDir Path tmp;

  private static String sh(String script) throws Exception {
    return new LocalShell("local").runChecked(Command.read("helper", script)).stdout().strip();
  }

  @ParameterizedTest(name = "probe runs with {0}")
  @ValueSource(strings = {"dash", "bash"})
  void probeThisHost(String shell) throws Exception {
    Path file = Files.writeString(tmp.resolve("managed file"), "content\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), file);
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
    FactsRequest request =
        Fixtures.guideRequest()
            .plus(
                FactsRequest.ofPaths(
                    List.of(
                        file.toString(),
                        link.toString(),
                        dangling.toString(),
                        tmp.resolve("absent").toString(),
                        tmp.toString())));

    HostFacts f = FactsProber.probeOne(new LocalShell("local", shell, Map.of()), request);

    assertThat(f.os().id()).isEqualTo("debian");
    assertThat(f.os().versionId()).isEqualTo("12");
    assertThat(f.hostname()).isEqualTo(sh("hostname"));
    assertThat(f.uid()).isEqualTo(Integer.parseInt(sh("id -u")));
    assertThat(f.packageTool()).contains("dpkg");
    assertThat(f.packages())
        .containsKey("pacemaker"); // pacemaker-cli-utils pulled it in on this host
    assertThat(f.path(file.toString()))
        .isEqualTo(
            new PathState.RegularFile(
                sh("sha256sum " + ShellQuote.quote(file.toString()) + " | cut -d' ' -f1"),
                "0640",
                sh("id -un"),
                sh("id -gn")));
    assertThat(f.path(link.toString())).isEqualTo(new PathState.Symlink(file.toString(), false));
    assertThat(f.path(dangling.toString()))
        .isEqualTo(new PathState.Symlink(tmp.resolve("nowhere").toString(), true));
    assertThat(f.path(tmp.resolve("absent").toString())).isEqualTo(PathState.ABSENT);
    assertThat(f.path(tmp.toString())).isInstanceOf(PathState.Directory.class);
    assertThat(f.hasAddress("127.0.0.1")).isTrue();
    assertThat(f.crmMon()).isEmpty();
    assertThat(DistroProfiles.detect(f)).isInstanceOf(DistroDetection.Supported.class);
  }

  @Test
  void probeReadsClusterStateFromTheLocalCib() throws Exception {
    // crm_mon and cibadmin read a CIB file instead of a running cluster: real tools, real XML
    Path cib = tmp.resolve("cib.xml");
    Files.writeString(cib, Fixtures.text("cluster/cib-started.xml"));
    LocalShell shell = new LocalShell("osm1", "sh", Map.of("CIB_file", cib.toString()));

    HostFacts f = FactsProber.probeOne(shell, Fixtures.guideRequest().withClusterState(true));

    CrmMonStatus crm = f.crmMon().orElseThrow();
    assertThat(crm.nodes()).hasSize(4).allMatch(CrmMonStatus.Node::online);
    assertThat(crm.resource("httpd").orElseThrow().node()).contains("osm1.priv");
    assertThat(f.cibXml().orElseThrow()).contains("<cib ");
  }

  @Test
  void proberProbesAllNodesInParallelAndReportsEachFailure() throws Exception {
    HostShell broken =
        new HostShell() {
          @Override
          public String nodeName() {
            return "pcs4";
          }

          @Override
          public CommandResult run(Command command) throws HostException {
            throw new HostException(HostException.Kind.UNREACHABLE, "pcs4", "connection refused");
          }
        };
    HostShell garbage =
        new HostShell() {
          @Override
          public String nodeName() {
            return "pcs3";
          }

          @Override
          public CommandResult run(Command command) {
            return new CommandResult(0, "Last login: yesterday\n", "", java.time.Duration.ZERO);
          }
        };
    FactsProber prober = new FactsProber(Fixtures.guideRequest());

    FactsProber.Result r =
        prober.probe(
            List.of(new LocalShell("osm1"), new LocalShell("osm2"), garbage, broken),
            Optional.of("osm1"));

    assertThat(r.facts()).containsOnlyKeys("osm1", "osm2");
    assertThat(r.facts().get("osm1").problems())
        .anyMatch(p -> p.contains("crm_mon")); // asked, no cluster here
    assertThat(r.facts().get("osm2").problems()).noneMatch(p -> p.contains("crm_mon")); // not asked
    assertThat(r.failures().get("pcs4").kind()).isEqualTo(HostException.Kind.UNREACHABLE);
    assertThat(r.failures().get("pcs3").getMessage())
        .isEqualTo(
            "pcs3: the facts probe output could not be understood: no facts probe header in the output "
                + "(it starts with: 'Last login: yesterday')");
    assertThat(r.complete()).isFalse();
  }

  @Test
  void probeIsOneReadOnlyCommand() {
    Command c = FactsProbe.command(Fixtures.guideRequest());
    assertThat(c.mutating()).isFalse();
    assertThat(c.stdin()).isEmpty();
    // no pcs command that talks to pcsd, no network tool: pcs only for --version (the script
    // after its inputs, which are names such as "pcs resource-agents")
    String script = c.script().substring(c.script().indexOf("#!/bin/sh"));
    assertThat(script).doesNotContain("pcs status", "pcs cluster", "pcs resource");
    assertThat(script.lines())
        .noneMatch(l -> l.strip().matches("^(o=\\$\\()?(ping|curl|wget|ssh|nc) .*"));
  }

  @Test
  void pathsWithQuotesAndSpacesAreSafe() throws IOException, Exception {
    Path odd = Files.writeString(tmp.resolve("it's a $(file)"), "x");
    Path empty = Files.writeString(tmp.resolve(" empty file "), "");
    Path dir = Files.createDirectory(tmp.resolve("a dir  with * in it"));
    HostFacts f =
        FactsProber.probeOne(
            new LocalShell("local"),
            Fixtures.guideRequest()
                .plus(
                    FactsRequest.ofPaths(
                        List.of(odd.toString(), empty.toString(), dir.toString()))));
    // stat and sha256sum see all three in one call each; their lines are joined back by path
    assertThat(f.path(odd.toString()))
        .isEqualTo(
            new PathState.RegularFile(
                sh("printf x | sha256sum | cut -d' ' -f1"), "0644", sh("id -un"), sh("id -gn")));
    assertThat(f.path(empty.toString()))
        .isEqualTo(
            new PathState.RegularFile(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "0644",
                sh("id -un"),
                sh("id -gn")));
    assertThat(f.path(dir.toString())).isInstanceOf(PathState.Directory.class);
  }

  @Test
  void pathsWithABackslashAreRefusedBeforeAnythingRuns() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Fixtures.guideRequest().plus(FactsRequest.ofPaths(List.of("/etc/a\\b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backslash");
  }

  @Test
  void capabilitiesReadFromPcsdFileEqualWhatPcsPrints() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new LocalShell("local").run(Command.read("pcs?", "command -v pcs")).ok(),
        "pcs is not installed on this host");
    HostFacts f = FactsProber.probeOne(new LocalShell("local"), Fixtures.guideRequest());
    PcsInfo printed = PcsInfo.parse(sh("pcs --version --full"));
    assertThat(f.pcs().orElseThrow().capabilities()).isEqualTo(printed.capabilities());
    assertThat(f.pcs().orElseThrow().version().compareTo(printed.version())).isZero();
  }

  /**
   * A bare node for real: the probe runs in a private mount namespace where /usr/sbin (pcs,
   * crm_mon, cibadmin, pacemakerd, corosync), dpkg-query, systemctl, ip and pcsd's files are
   * hidden. Needs root (unshare -m).
   */
  @Test
  void bareNodeWithoutClusterToolsStillAnswers() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new LocalShell("local").run(Command.read("unshare?", "unshare -m true")).ok(),
        "unshare -m is not permitted here");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path wrapper = tmp.resolve("bare-sh");
    Files.writeString(
        wrapper,
        "#!/bin/sh\n"
            + "# bare-sh -c SCRIPT: run SCRIPT where the cluster tools and package/unit managers do not exist\n"
            + "exec unshare -m sh -c 'set -e; e="
            + empty
            + "; mount --bind \"$e\" /usr/sbin; "
            + "mount --bind \"$e\" /usr/share/pcsd 2>/dev/null || true; "
            + "for f in /usr/bin/dpkg-query /usr/bin/systemctl /usr/bin/ip; do mount --bind /dev/null \"$f\"; done; "
            + "exec sh -c \"$1\"' bare-sh \"$2\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

    HostFacts f =
        FactsProber.probeOne(
            new LocalShell("pcs3", wrapper.toString(), Map.of()),
            Fixtures.guideRequest().withClusterState(true));

    assertThat(f.os().id()).isEqualTo("debian");
    assertThat(f.pcs()).isEmpty();
    assertThat(f.pacemaker()).isEmpty();
    assertThat(f.corosync()).isEmpty();
    assertThat(f.packages()).isEmpty();
    assertThat(f.packageTool()).isEmpty();
    assertThat(f.systemd()).isFalse();
    assertThat(f.addresses()).isEmpty();
    assertThat(f.crmMon()).isEmpty();
    assertThat(f.problems())
        .contains(
            "crm_mon is not installed",
            "neither dpkg-query nor rpm is available: " + "installed packages unknown",
            "the ip command is missing: interface addresses unknown");
    assertThat(f.path("/etc/hosts")).isInstanceOf(PathState.RegularFile.class);
  }

  /**
   * Each shell waits until all three probes have started: a sequential prober would time out here.
   */
  @Test
  void proberRunsTheProbesConcurrently() throws Exception {
    java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(3);
    List<HostShell> shells = new java.util.ArrayList<>();
    for (String node : List.of("osm1", "osm2", "pcs3")) {
      LocalShell local = new LocalShell(node);
      shells.add(
          new HostShell() {
            @Override
            public String nodeName() {
              return node;
            }

            @Override
            public CommandResult run(Command command) throws HostException {
              allStarted.countDown();
              try {
                if (!allStarted.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                  throw new HostException(
                      HostException.Kind.TIMEOUT, node, "the other probes never started");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException(HostException.Kind.TIMEOUT, node, "interrupted");
              }
              return local.run(command);
            }
          });
    }
    FactsProber.Result r = new FactsProber(Fixtures.guideRequest()).probe(shells, Optional.empty());
    assertThat(r.failures()).isEmpty();
    assertThat(r.facts()).containsOnlyKeys("osm1", "osm2", "pcs3");
  }

  @Test
  void lineQueriesTrimBlanksAndCountTheKey() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("sysconfig"), "# comment\n  KEY=\"a b\"  \nKEY=old\r\nOTHER=1\n");
    LineQuery present = new LineQuery(f.toString(), "KEY=\"a b\"", "KEY=");
    LineQuery absent = LineQuery.of(f.toString(), "OTHER=2");
    LineQuery noFile = LineQuery.of(tmp.resolve("none").toString(), "X=1");
    HostFacts facts =
        FactsProber.probeOne(
            new LocalShell("local"),
            Fixtures.guideRequest().plus(FactsRequest.ofLines(List.of(present, absent, noFile))));
    assertThat(facts.line(present)).isEqualTo(new LineState(true, 1, 2));
    assertThat(facts.line(present).satisfied(present)).isFalse(); // KEY=old would still be read
    assertThat(facts.line(absent)).isEqualTo(new LineState(true, 0, 0));
    assertThat(facts.line(noFile)).isEqualTo(LineState.NO_FILE);
  }
}
