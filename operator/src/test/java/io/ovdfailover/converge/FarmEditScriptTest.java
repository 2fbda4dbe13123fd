package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The farm edits run by the real awk on files shaped like OVD's. */
class FarmEditScriptTest {
  @TempDir Path dir;

  String run(String command, String content) throws Exception {
    Path f = dir.resolve("conf");
    Files.writeString(f, content);
    Process p =
        new ProcessBuilder("bash", "-c", command + " \"$0\"", f.toString())
            .redirectErrorStream(false)
            .start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void theSessionManagerOfMainBecomesTheVipAndNothingElseMoves() throws Exception {
    String conf =
        "[main]\n"
            + "session_manager = 10.20.1.11\n"
            + "roles = aps\n"
            + "\n"
            + "[aps]\n"
            + "session_manager_note = kept\n";
    assertThat(run(FarmStage.iniEdit("10.20.1.10"), conf))
        .isEqualTo(
            "[main]\n"
                + "session_manager = 10.20.1.10\n"
                + "roles = aps\n"
                + "\n"
                + "[aps]\n"
                + "session_manager_note = kept\n");
  }

  @Test
  void aMainWithoutTheKeyGetsItAndAFileWithoutMainGetsBoth() throws Exception {
    assertThat(run(FarmStage.iniEdit("10.20.1.10"), "[main]\nroles=aps\n[other]\nx=1\n"))
        .isEqualTo("[main]\nroles=aps\nsession_manager = 10.20.1.10\n[other]\nx=1\n");
    assertThat(run(FarmStage.iniEdit("10.20.1.10"), "[other]\nx=1\n"))
        .isEqualTo("[other]\nx=1\n[main]\nsession_manager = 10.20.1.10\n");
    // a file written on Windows: its [main] is still [main]
    assertThat(run(FarmStage.iniEdit("10.20.1.10"), "[main]\r\nsession_manager = a\r\n"))
        .isEqualTo("[main]\r\nsession_manager = 10.20.1.10\n");
    // a second key in [main] goes: the first one decides nothing any more
    assertThat(
            run(FarmStage.iniEdit("10.20.1.10"), "[main]\nsession_manager=a\nsession_manager=b\n"))
        .isEqualTo("[main]\nsession_manager = 10.20.1.10\n");
  }

  @Test
  void thePhpDefineBecomesTheVipOrIsAddedBeforeTheClosingTag() throws Exception {
    assertThat(
            run(
                FarmStage.phpEdit("10.20.1.10"),
                "<?php\n// IP/Host of the SessionManager\ndefine('SESSIONMANAGER_HOST', 'osm1');\n"
                    + "define('DEBUG_MODE', 0);\n"))
        .isEqualTo(
            "<?php\n// IP/Host of the SessionManager\ndefine('SESSIONMANAGER_HOST', '10.20.1.10');\n"
                + "define('DEBUG_MODE', 0);\n");
    // another define that starts the same is left alone
    assertThat(
            run(
                FarmStage.phpEdit("10.20.1.10"),
                "<?php\ndefine('SESSIONMANAGER_HOST_PORT', 443);\ndefine('SESSIONMANAGER_HOST', 'osm1');\n"))
        .isEqualTo(
            "<?php\ndefine('SESSIONMANAGER_HOST_PORT', 443);\n"
                + "define('SESSIONMANAGER_HOST', '10.20.1.10');\n");
    assertThat(
            run(
                FarmStage.phpEdit("10.20.1.10"),
                "<?php\n// define('SESSIONMANAGER_HOST', '127.0.0.1');\n?>\n"))
        .isEqualTo(
            "<?php\n// define('SESSIONMANAGER_HOST', '127.0.0.1');\n"
                + "define('SESSIONMANAGER_HOST', '10.20.1.10');\n?>\n");
  }
}
