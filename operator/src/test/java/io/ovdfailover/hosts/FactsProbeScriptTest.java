package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's shell file on its own: valid sh and bash, and parseable output from this machine. */
class FactsProbeScriptTest {
  @TempDir Path tmp;

  @Test
  void theScriptFileIsValidShellForDashAndBash() throws Exception {
    Path file = tmp.resolve(FactsProbe.SCRIPT_RESOURCE);
    try (var in = FactsProbe.class.getResourceAsStream(FactsProbe.SCRIPT_RESOURCE)) {
      Files.write(file, in.readAllBytes());
    }
    for (String shell : List.of("bash", "dash")) {
      if (shell.equals("dash") && !onPath("dash")) {
        continue;
      }
      Process p =
          new ProcessBuilder(shell, "-n", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(shell + " -n: " + out).isZero();
    }
  }

  @Test
  void runLocallyItAnswersWhatWasAskedInTheFormTheParserReads() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("etc"));
    Path file = Files.writeString(tmp.resolve("it's a $(file)"), "LSYNCD_OPTIONS=\"x\"\n");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), file);
    Path absent = tmp.resolve("absent");
    Path key = Files.writeString(tmp.resolve("sync_rsa.pub"), "ssh-ed25519 AAAA test\n");
    LineQuery line = new LineQuery(file.toString(), "LSYNCD_OPTIONS=\"x\"", "LSYNCD_OPTIONS=");
    FactsRequest request =
        new FactsRequest(
            List.of("bash"),
            List.of("ovd-no-such-unit"),
            List.of(dir.toString(), file.toString(), link.toString(), absent.toString()),
            List.of(line),
            false,
            List.of(key.toString()),
            false,
            List.of(),
            List.of());

    HostFacts f = FactsProber.probeOne(new LocalShell("local", "bash", Map.of()), request);

    assertThat(f.path(dir.toString())).isInstanceOf(PathState.Directory.class);
    String hash = sha256("LSYNCD_OPTIONS=\"x\"\n");
    assertThat(f.path(file.toString()))
        .isInstanceOfSatisfying(
            PathState.RegularFile.class, r -> assertThat(r.sha256()).isEqualTo(hash));
    assertThat(f.path(link.toString())).isEqualTo(new PathState.Symlink(file.toString(), false));
    assertThat(f.path(absent.toString())).isInstanceOf(PathState.Absent.class);
    assertThat(f.line(line).exact()).isEqualTo(1);
    assertThat(f.publicFile(key.toString()).map(String::strip)).contains("ssh-ed25519 AAAA test");
    assertThat(f.pacemakerFiles()).isEmpty();
    assertThat(f.crmMon()).isEmpty();
  }

  /**
   * The lsyncd checks' sections: a file's modification and change times (stat %y %z) and a log's
   * last lines (the probe's /var/log/lsyncd.log pointed at a temporary file).
   */
  @Test
  void stampsAndTailsAnswerInTheFormTheParserReads() throws Exception {
    Path canary = Files.writeString(tmp.resolve("ovd-failover-canary"), "x\n");
    // an hour back, at a quarter of a second: the fraction must survive
    java.time.Instant modified =
        java.time.Instant.now()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .minusSeconds(3600)
            .plusMillis(250);
    Files.setLastModifiedTime(canary, java.nio.file.attribute.FileTime.from(modified));
    Path log = tmp.resolve("lsyncd.log");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      lines.append("line ").append(i).append('\n');
    }
    Files.writeString(log, lines);
    FactsRequest request =
        FactsRequest.ofStamps(List.of(canary.toString(), tmp.resolve("none").toString()))
            .plus(FactsRequest.ofTails(List.of("/var/log/lsyncd.log")));
    String script =
        FactsProbe.script(request, "0123456789abcdef")
            .replace("/var/log/lsyncd.log", log.toString());
    for (String shell : List.of("bash", "dash")) {
      if (shell.equals("dash") && !onPath("dash")) {
        continue;
      }
      CommandResult r = new LocalShell("local", shell, Map.of()).run(Command.read("probe", script));
      HostFacts f = FactsParser.parse("local", r.stdout());
      assertThat(f.stamp(canary.toString()))
          .as(shell)
          .hasValueSatisfying(
              st -> {
                assertThat(st.modified()).isEqualTo(modified);
                assertThat(st.changed()).isAfter(modified);
              });
      assertThat(f.stamp(tmp.resolve("none").toString())).isEmpty();
      assertThat(f.tail(log.toString()).orElseThrow().lines().toList())
          .as(shell)
          .hasSize(FactsRequest.TAIL_LINES)
          .startsWith("line 21")
          .endsWith("line 60");
    }
  }

  /**
   * The repos section, run on repository files like EPEL's and a Rocky Linux one with CRLF line
   * ends (the probe's /etc/yum.repos.d pointed at a temporary directory).
   */
  @Test
  void enabledRepositoriesAreTheSectionsThatDoNotSayEnabledZero() throws Exception {
    Path repos = Files.createDirectory(tmp.resolve("yum.repos.d"));
    Files.writeString(
        repos.resolve("epel.repo"),
        "[epel]\nname=EPEL 8\nenabled=1\n\n[epel-debuginfo]\nenabled=0\n\n"
            + "[epel-source]\nenabled = 0\n");
    Files.writeString(
        repos.resolve("rocky.repo"),
        "[baseos]\r\nname=BaseOS\r\n\r\n[appstream]\nenabled=True\n[crb]\nenabled=false\n");
    String script =
        FactsProbe.script(FactsRequest.NONE, "0123456789abcdef")
            .replace("/etc/yum.repos.d", repos.toString());
    for (String shell : List.of("bash", "dash")) {
      if (shell.equals("dash") && !onPath("dash")) {
        continue;
      }
      CommandResult r = new LocalShell("local", shell, Map.of()).run(Command.read("probe", script));
      assertThat(FactsParser.parse("local", r.stdout()).enabledRepositories())
          .as(shell)
          .contains(java.util.Set.of("epel", "baseos", "appstream"));
    }
    // an empty directory: no repository enabled at all
    Files.delete(repos.resolve("epel.repo"));
    Files.delete(repos.resolve("rocky.repo"));
    CommandResult none = new LocalShell("local", "sh", Map.of()).run(Command.read("probe", script));
    assertThat(FactsParser.parse("local", none.stdout()).enabledRepositories())
        .contains(java.util.Set.of());
  }

  /**
   * RHEL 7's pcs 0.9 runs on Python 2 and the host has no python3: the host names of its tokens
   * file come from {@code python} then (never the tokens). The stand-in takes Python 2's flags and
   * runs the same code with this machine's python3.
   */
  @Test
  void pcs09TokensAreReadWithPythonWhereThereIsNoPython3() throws Exception {
    Path pcsd = Files.createDirectory(tmp.resolve("pcsd"));
    Files.writeString(
        pcsd.resolve("tokens"),
        "{\"format_version\": 2, \"data_version\": 3, \"tokens\": {\"osm1.priv\":"
            + " \"secret-token-1\", \"pcs3.priv\": \"secret-token-3\"}, \"ports\": {}}\n");
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path python = bin.resolve("python");
    Files.writeString(python, "#!/bin/sh\nexec python3 \"$@\"\n");
    Files.setPosixFilePermissions(
        python, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String script =
        FactsProbe.script(FactsRequest.NONE.withPacemakerState(true), "0123456789abcdef")
            .replace("/var/lib/pcsd/", pcsd + "/")
            .replace("have python3", "have ovd-no-such-python3")
            .replace("\nPATH=/usr/local/sbin", "\nPATH=" + bin + ":/usr/local/sbin");
    CommandResult r = new LocalShell("local", "sh", Map.of()).run(Command.read("probe", script));
    HostFacts f = FactsParser.parse("local", r.stdout());
    assertThat(f.pacemakerFiles().orElseThrow().knownHosts())
        .containsExactly("osm1.priv", "pcs3.priv");
    assertThat(r.stdout()).doesNotContain("secret-token");
  }

  /**
   * Where corosync.conf names a quorum device, the probe adds votequorum's view, also when the tool
   * exits 2 (not quorate); without a device section it does not run the tool at all.
   */
  @Test
  void votequorumIsReadWhereCorosyncConfNamesADevice() throws Exception {
    Path conf = tmp.resolve("corosync.conf");
    Files.writeString(
        conf,
        "quorum {\n    provider: corosync_votequorum\n    device {\n        model: net\n    }\n}\n");
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path tool = bin.resolve("corosync-quorumtool");
    Path ran = tmp.resolve("ran");
    Files.writeString(
        tool,
        "#!/bin/sh\ntouch "
            + ran
            + "\nprintf 'Votequorum information\\nExpected votes:   3\\nTotal votes:      1\\n"
            + "    Nodeid      Votes    Qdevice Name\\n         1          1   A,NV,NMW osm1.priv"
            + " (local)\\n'\nexit 2\n");
    Files.setPosixFilePermissions(
        tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String script =
        FactsProbe.script(FactsRequest.NONE.withPacemakerState(true), "0123456789abcdef")
            .replace("/etc/corosync/corosync.conf", conf.toString())
            .replace("\nPATH=/usr/local/sbin", "\nPATH=" + bin + ":/usr/local/sbin");
    LocalShell shell = new LocalShell("local", "sh", Map.of());
    HostFacts f = FactsParser.parse("local", shell.run(Command.read("probe", script)).stdout());
    assertThat(f.votequorum()).contains(new Votequorum(3, 1, "A,NV,NMW"));

    Files.writeString(conf, "quorum {\n    provider: corosync_votequorum\n}\n");
    Files.delete(ran);
    HostFacts none = FactsParser.parse("local", shell.run(Command.read("probe", script)).stdout());
    assertThat(none.votequorum()).isEmpty();
    assertThat(ran).doesNotExist();
  }

  private static String sha256(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean onPath(String tool) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }
}
