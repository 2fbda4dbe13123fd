package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which client binary the guide's {@code mysql}/{@code mysqldump} names run, in a real shell, with
 * a PATH holding only stand-in clients: MariaDB 11 without the compat links, MariaDB 10 with both
 * names, MySQL with the old names only.
 */
class MysqlScriptsTest {

  @TempDir Path bin;

  @ParameterizedTest
  @CsvSource({
    "'mariadb mariadb-dump mariadb-print-defaults', mariadb, mariadb-dump",
    "'mariadb mariadb-dump mysql mysqldump', mariadb, mariadb-dump",
    "'mysql mysqldump', mysql, mysqldump"
  })
  void theGuidesClientNamesRunWhatTheHostHas(String installed, String client, String dump)
      throws Exception {
    for (String name : installed.split(" ")) {
      Path p = bin.resolve(name);
      Files.writeString(p, "#!/bin/sh\necho " + name + "\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (String shell : List.of("/bin/sh", "bash")) {
      String script = "PATH=" + bin + "\n" + MysqlScripts.CLIENT_NAMES + "mysql\nmysqldump\n";
      Process p = new ProcessBuilder(shell, "-c", script).redirectErrorStream(true).start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as(shell).isEqualTo(client + "\n" + dump + "\n");
    }
  }
}
