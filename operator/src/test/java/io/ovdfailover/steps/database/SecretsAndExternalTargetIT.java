package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.hosts.HostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords never reach a process argument list or environment (sampled from /proc while a long
 * import runs), nor an exception message; the temporary option files are private and removed. And
 * the migration to an external server, where the operator has no shell on the database host.
 */
class SecretsAndExternalTargetIT {
  @RegisterExtension static final MigrationLab LAB = new MigrationLab();

  static final int BULK_ROWS = 200_000;

  @BeforeEach
  void fresh() throws Exception {
    LAB.reset();
    // a table big enough that the import takes a while, so the sampler sees the client processes at
    // work
    LAB.osm1.sql(
        "USE ovd; CREATE TABLE IF NOT EXISTS ovd.ovd_bulk (id INT PRIMARY KEY, payload VARCHAR(100)) ENGINE=InnoDB;"
            + " INSERT IGNORE INTO ovd.ovd_bulk SELECT seq, REPEAT(CHAR(65 + seq % 26), 60) FROM seq_1_to_"
            + BULK_ROWS);
  }

  @Test
  void passwordsAreInNoProcessArgumentsOrEnvironmentWhileTheCommandsRun() throws Exception {
    List<byte[]> secrets =
        List.of(
            MigrationLab.SOURCE_PASSWORD.getBytes(StandardCharsets.UTF_8),
            MigrationLab.TARGET_PASSWORD.getBytes(StandardCharsets.UTF_8));
    ProcSampler sampler =
        new ProcSampler(secrets, String.valueOf(LAB.dbmy.port), "MYSQL_HOME=" + LAB.root);
    sampler.start();
    // control: the sampler does see a password put in a process's arguments
    Process control =
        new ProcessBuilder("sh", "-c", "sleep 60", "argv0", MigrationLab.TARGET_PASSWORD).start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !sampler.leaks.isEmpty());
    } finally {
      control.destroyForcibly().waitFor();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !control.isAlive());
    // a sweep may still be running that read the control's arguments before it died: wait for two
    // whole sweeps
    // that started after its death before forgetting what the control leaked on purpose
    int afterDeath = sampler.sweeps.get();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sampler.sweeps.get() >= afterDeath + 2);
    sampler.leaks.clear();
    MigrationOutcome out;
    try {
      out = LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).run(true, 1);
    } finally {
      sampler.stop();
    }
    assertThat(out.targetCounts().asMap()).containsEntry("ovd_bulk", (long) BULK_ROWS);
    System.out.printf(
        "secrecy: %d /proc sweeps, %d sweeps saw the import client, %d option files seen, leaks: %s%n",
        sampler.sweeps.get(),
        sampler.importSightings.get(),
        sampler.optionFiles.size(),
        sampler.leaks);
    assertThat(sampler.leaks).isEmpty();
    assertThat(sampler.importSightings.get()).as("the sampler saw the import running").isPositive();
    assertThat(sampler.optionFiles).isNotEmpty();
    assertThat(sampler.optionFileModes.values()).containsOnly("rw-------");
    for (String f : sampler.optionFiles) {
      assertThat(Path.of(f)).doesNotExist();
    }
    assertThat(out.commands())
        .allSatisfy(
            e ->
                assertThat(e.description())
                    .doesNotContain(MigrationLab.TARGET_PASSWORD)
                    .doesNotContain(MigrationLab.SOURCE_PASSWORD));
  }

  @Test
  void aSourceRefusingTheConfigPasswordStopsBeforeTheDowntimeWithoutNamingIt() throws Exception {
    String wrong = "wr0ng-Secret-9f1c";
    Files.writeString(
        LAB.configPath(),
        LAB.pristineConfig()
            .replace(
                MigrationLab.SOURCE_PASSWORD.replace("\\", "\\\\").replace("\"", "\\\""), wrong));

    assertThatThrownBy(() -> LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).run(true, 1))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              System.out.println("source refused: " + e.getMessage());
              assertThat(e.getMessage())
                  .contains("Access denied")
                  .doesNotContain(wrong)
                  .doesNotContain(MigrationLab.TARGET_PASSWORD);
            });
    assertThat(Files.exists(LAB.configPath())).as("the Session Manager was not disabled").isTrue();
    assertThat(Files.exists(LAB.backupPath())).isFalse();
  }

  @Test
  void migratesToAnExternalServerWithoutTouchingIt() throws Exception {
    // the DBA of the external server created database, user and grant
    LAB.dbmy.sql(
        Sh.SQL_MODE_PRELUDE
            + "CREATE DATABASE "
            + MigrationLab.TARGET_DB
            + ";"
            + " CREATE USER '"
            + MigrationLab.TARGET_USER
            + "'@'%' IDENTIFIED BY "
            + Sh.sqlString(MigrationLab.TARGET_PASSWORD)
            + ";"
            + " GRANT ALL PRIVILEGES ON "
            + MigrationLab.TARGET_DB
            + ".* TO '"
            + MigrationLab.TARGET_USER
            + "'@'%';");
    // the external server already listens where the Session Manager can reach it
    LAB.dbmy.exec(
        "printf '[mysqld]\\nbind-address = 127.0.0.1\\n' > "
            + LAB.dropInPath()
            + " && systemctl restart mariadb");
    LocalShell osm = LAB.osm1.shell();

    MigrationOutcome out =
        DatabaseMigration.toExternal(LAB.target(), LAB.smLayout(), osm).run(true, 1);

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(out.commands()).noneMatch(e -> e.phase() == Phase.PREPARE_TARGET);
    assertThat(out.targetCounts().asMap()).isEqualTo(out.sourceCounts().asMap());
    DatabaseMigrationIT.assertSwitchedConfig(LAB);
    LocalShell again = LAB.osm1.shell();
    DatabaseMigration.toExternal(LAB.target(), LAB.smLayout(), again).run(true, 1);
    assertThat(again.mutatingRan()).isZero();
  }

  @Test
  void anExternalServerRefusingTheSecretStopsBeforeAnyChange() throws Exception {
    // the DBA set another password than the one in the Secret
    LAB.dbmy.sql(
        "CREATE DATABASE "
            + MigrationLab.TARGET_DB
            + "; CREATE USER '"
            + MigrationLab.TARGET_USER
            + "'@'%' IDENTIFIED BY 'not-the-secret'; GRANT ALL PRIVILEGES ON "
            + MigrationLab.TARGET_DB
            + ".* TO '"
            + MigrationLab.TARGET_USER
            + "'@'%';");
    LAB.dbmy.exec(
        "printf '[mysqld]\\nbind-address = 127.0.0.1\\n' > "
            + LAB.dropInPath()
            + " && systemctl restart mariadb");
    LocalShell osm = LAB.osm1.shell();

    assertThatThrownBy(
            () -> DatabaseMigration.toExternal(LAB.target(), LAB.smLayout(), osm).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.TARGET_REFUSED);
              assertThat(e.getMessage())
                  .contains("refuses user " + MigrationLab.TARGET_USER)
                  .doesNotContain(MigrationLab.TARGET_PASSWORD);
            });
    assertThat(osm.mutatingRan()).isZero();
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
  }

  /** Reads every process's cmdline and environ in a loop until stopped. */
  static final class ProcSampler {
    final List<byte[]> secrets;
    final String importMarker;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger sweeps = new AtomicInteger();
    final AtomicInteger importSightings = new AtomicInteger();
    final List<String> leaks = new CopyOnWriteArrayList<>();
    final Set<String> optionFiles = ConcurrentHashMap.newKeySet();
    final Map<String, String> optionFileModes = new ConcurrentHashMap<>();
    private Thread thread;

    final byte[] labEnv;

    ProcSampler(List<byte[]> secrets, String importMarker, String labEnv) {
      this.secrets = secrets;
      this.labEnv = labEnv.getBytes(StandardCharsets.UTF_8);
      this.importMarker = importMarker;
    }

    void start() {
      thread = new Thread(this::loop, "proc-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    private void loop() {
      while (running.get()) {
        boolean sawImport = false;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
          for (Path p : (Iterable<Path>) procs::iterator) {
            if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
              continue;
            }
            byte[] cmd = read(p.resolve("cmdline"));
            byte[] env = read(p.resolve("environ"));
            for (byte[] s : secrets) {
              if (contains(cmd, s) || contains(env, s)) {
                leaks.add(p + ": " + new String(cmd, StandardCharsets.UTF_8).replace('\0', ' '));
              }
            }
            String c = new String(cmd, StandardCharsets.UTF_8);
            int opt = c.indexOf("--defaults-extra-file=");
            if (opt >= 0 && contains(env, labEnv)) { // a client started by the lab's shells
              String file = c.substring(opt + "--defaults-extra-file=".length()).split("\0", 2)[0];
              optionFiles.add(file);
              try {
                optionFileModes.putIfAbsent(
                    file,
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file))));
              } catch (IOException gone) {
                // removed between the two reads
              }
              // the guide's name, or MariaDB's own where the host has it
              // (MysqlScripts.CLIENT_NAMES)
              if ((c.startsWith("mysql\0") || c.startsWith("mariadb\0"))
                  && c.contains("\0" + importMarker + "\0")
                  && c.contains(MigrationLab.TARGET_DB)) {
                sawImport = true;
              }
            }
          }
        } catch (IOException e) {
          // /proc listing raced with an exiting process: next sweep
        }
        sweeps.incrementAndGet();
        if (sawImport) {
          importSightings.incrementAndGet();
        }
        LockSupport.parkNanos(1_000_000);
      }
    }

    private static byte[] read(Path p) {
      try {
        return Files.readAllBytes(p);
      } catch (NoSuchFileException e) {
        return new byte[0];
      } catch (IOException e) {
        return new byte[0];
      }
    }

    static boolean contains(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
