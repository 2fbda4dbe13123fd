package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovdfailover.hosts.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chapter III against two real MariaDB servers (see {@link MigrationLab}). */
class DatabaseMigrationIT {
  @RegisterExtension static final MigrationLab LAB = new MigrationLab();

  LocalShell osm;
  LocalShell db;

  @BeforeEach
  void fresh() throws Exception {
    LAB.reset();
    osm = LAB.osm1.shell();
    db = LAB.dbmy.shell();
  }

  /**
   * Issue #16: a database the Session Manager already uses (moved by hand, or by an earlier pass)
   * whose server listens elsewhere than the spec asks: the restart that would change it interrupts
   * the farm, so without downtime nothing is written or restarted and the action waits.
   */
  @Test
  void aServingDatabaseIsNotRestartedForItsBindAddressWithoutDowntime() throws Exception {
    assertThat(LAB.migration(osm, db).run(true, 1).state())
        .isEqualTo(MigrationOutcome.State.Externalized);
    String dropIn = Files.readString(LAB.dropInPath());
    DatabaseNodeLayout elsewhere =
        new DatabaseNodeLayout(
            LAB.dropInPath().toString(),
            "0.0.0.0",
            MigrationLab.GRANT_HOST,
            "mariadb",
            new DbCredentials("root", ""),
            io.ovdfailover.hosts.MysqlServer.of(io.ovdfailover.hosts.MysqlFlavor.MARIADB, "10.11"));
    LocalShell osm2 = LAB.osm1.shell();
    LocalShell db2 = LAB.dbmy.shell();
    MigrationOutcome waiting = LAB.migration(osm2, db2, elsewhere).run(false, 1);
    assertThat(waiting.state()).isEqualTo(MigrationOutcome.State.WaitingForMaintenance);
    assertThat(waiting.pendingActions())
        .singleElement()
        .satisfies(
            a -> assertThat(a).contains("bind-address = 0.0.0.0", "restart mariadb", "loses its"));
    assertThat(osm2.mutatingRan() + db2.mutatingRan()).isZero();
    assertThat(Files.readString(LAB.dropInPath())).isEqualTo(dropIn);
    assertThat(Files.readAllLines(LAB.dbmy.systemd.resolve("calls.log")))
        .containsExactly("restart mariadb");
  }

  @Test
  void migratesEveryTableSwitchesTheConfigAndKeepsTheSource() throws Exception {
    Map<String, Long> before = sourceCounts();

    MigrationOutcome out = LAB.migration(osm, db).run(true, 1);

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(out.sourceCounts().asMap()).isEqualTo(before);
    assertThat(out.targetCounts().asMap()).isEqualTo(before);
    for (String t : MigrationLab.TABLES) {
      assertThat(LAB.dbmy.count(MigrationLab.TARGET_DB, t)).as(t).isEqualTo(before.get(t));
    }
    assertSwitchedConfig(LAB);
    // dbmy now listens where the drop-in says, after exactly one restart
    assertThat(LAB.dbmy.sql("SELECT @@bind_address")).isEqualTo("127.0.0.1");
    assertThat(Files.readAllLines(LAB.dbmy.systemd.resolve("calls.log")))
        .containsExactly("restart mariadb");
    // the local database is stopped and disabled, never dropped
    assertThat(LAB.osm1.running()).isFalse();
    assertThat(Files.exists(LAB.osm1.systemd.resolve("mariadb.disabled"))).isTrue();
    assertSourceIntact(LAB, before);
    // backup is the original, the dump is private
    assertThat(Files.readString(LAB.backupPath())).isEqualTo(LAB.pristineConfig());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LAB.dumpPath())))
        .isEqualTo("rw-------");
    assertThat(Files.readString(LAB.dumpPath()))
        .contains("DROP TABLE IF EXISTS `ovd_users`")
        .doesNotContain("\nUSE ");
    System.out.printf(
        "first run: %s; %d commands, %d mutating; per phase (reads/changes): %s%n",
        out.targetCounts().summary(),
        out.commands().size(),
        out.mutatingCommands(),
        out.commandsPerPhase());

    LocalShell osm2 = LAB.osm1.shell();
    LocalShell db2 = LAB.dbmy.shell();
    MigrationOutcome again = LAB.migration(osm2, db2).run(true, 1);
    assertThat(again.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(again.targetCounts().asMap()).isEqualTo(before);
    assertThat(osm2.mutatingRan() + db2.mutatingRan()).isZero();
    assertThat(again.mutatingCommands()).isZero();
    System.out.printf(
        "second run: %d commands, %d mutating; per phase: %s%n",
        again.commands().size(), again.mutatingCommands(), again.commandsPerPhase());
  }

  @Test
  void withoutDowntimeNothingMovesAndThePendingActionsAreListed() throws Exception {
    MigrationOutcome out = LAB.migration(osm, db).run(false, 1);

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.WaitingForMaintenance);
    assertThat(out.pendingActions()).hasSize(6);
    assertThat(out.pendingActions().get(0)).startsWith("Disable the Session Manager on osm1");
    assertThat(osm.ran()).noneMatch(Command::mutating);
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
    assertThat(Files.exists(LAB.backupPath())).isFalse();
    assertThat(Files.exists(LAB.dumpPath())).isFalse();
    assertThat(LAB.osm1.running()).isTrue();
    assertThat(
            LAB.dbmy.sql(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + MigrationLab.TARGET_DB
                    + "'"))
        .isEqualTo("0");
    System.out.println("waiting for maintenance: " + out.summary());
  }

  @Test
  void aRowCountMismatchStopsBeforeTheSwitchAndNamesTheTable() throws Exception {
    loseARowDuringTheImport(osm);

    assertThatThrownBy(() -> LAB.migration(osm, db).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.ROW_COUNT_MISMATCH);
              assertThat(e.differences())
                  .containsExactly(new TableCounts.Difference("ovd_events", 210L, 209L));
              assertThat(e.getMessage())
                  .contains("ovd_events (source 210 rows, target 209 rows)")
                  .doesNotContain(MigrationLab.TARGET_PASSWORD)
                  .doesNotContain(MigrationLab.SOURCE_PASSWORD);
            });
    // not switched: the configuration is still moved away, the local database still serves
    assertThat(Files.exists(LAB.configPath())).isFalse();
    assertThat(osm.ran()).noneMatch(c -> c.description().startsWith("Enable the Session Manager"));
    assertThat(LAB.osm1.running()).isTrue();

    // the next pass re-imports (the dump replaces each table) and finishes
    MigrationOutcome out = LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).run(false, 1);
    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(LAB.dbmy.count(MigrationLab.TARGET_DB, "ovd_events")).isEqualTo(210);
    assertSwitchedConfig(LAB);
  }

  @Test
  void aTargetWithOtherTablesIsRefusedNamingThemBeforeTheSessionManagerIsDisabled()
      throws Exception {
    LAB.migration(osm, db).run(false, 1); // prepares the target database and its user
    LAB.dbmy.sql("CREATE TABLE " + MigrationLab.TARGET_DB + ".payroll (id INT PRIMARY KEY)");
    LAB.dbmy.sql("INSERT INTO " + MigrationLab.TARGET_DB + ".payroll VALUES (1), (2)");

    for (boolean allowDowntime : new boolean[] {false, true}) {
      LocalShell o = LAB.osm1.shell();
      assertThatThrownBy(() -> LAB.migration(o, LAB.dbmy.shell()).run(allowDowntime, 1))
          .isInstanceOfSatisfying(
              MigrationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(MigrationException.Reason.TARGET_NOT_EMPTY);
                assertThat(e.getMessage())
                    .contains("tables the source does not have: [payroll]")
                    .contains(
                        "source tables it lacks: [ovd_events, ovd_sessions, ovd_settings, ovd_users]")
                    .doesNotContain(MigrationLab.TARGET_PASSWORD);
              });
      assertThat(o.ran()).as("nothing changed on osm1").noneMatch(Command::mutating);
    }
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
    assertThat(LAB.osm1.running()).isTrue();
    assertThat(LAB.dbmy.count(MigrationLab.TARGET_DB, "payroll")).isEqualTo(2);
  }

  @Test
  void aTargetHoldingAnEarlierImportOfTheSameTablesIsAResume() throws Exception {
    Map<String, Long> before = sourceCounts();
    LAB.migration(osm, db).run(true, 1);
    // an admin put the original configuration back by hand and started the local database again;
    // the target keeps the earlier import of the very same tables, and the admin gives a new go
    Files.copy(
        LAB.backupPath(), LAB.configPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    LAB.osm1.start();

    MigrationOutcome again = LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).run(true, 2);
    assertThat(again.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(again.targetCounts().asMap()).isEqualTo(before);
  }

  @Test
  void anAbortMidMovePutsTheOriginalConfigurationBackAndTheLocalDatabaseOn() throws Exception {
    // a move stopped after the Session Manager was disabled (the row counts differed)
    loseARowDuringTheImport(osm);
    assertThatThrownBy(() -> LAB.migration(osm, db).run(true, 1))
        .isInstanceOf(MigrationException.class);
    assertThat(Files.exists(LAB.configPath())).isFalse();
    LAB.osm1.stop(); // as if an earlier attempt had also stopped it
    LAB.osm1.exec("systemctl disable mariadb");

    LocalShell o = LAB.osm1.shell();
    MigrationOutcome out = LAB.migration(o, LAB.dbmy.shell()).abort();

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Aborted);
    assertThat(Files.readString(LAB.configPath()))
        .as("byte for byte")
        .isEqualTo(LAB.pristineConfig());
    assertThat(LAB.osm1.running()).isTrue();
    assertThat(Files.exists(LAB.osm1.systemd.resolve("mariadb.disabled"))).isFalse();
    assertThat(Files.exists(LAB.backupPath())).as("the backup stays").isTrue();
    assertThat(LAB.dbmy.count(MigrationLab.TARGET_DB, "ovd_users"))
        .as("the target is kept")
        .isPositive();
    assertThat(o.ran()).noneMatch(c -> c.script().contains(MigrationLab.SOURCE_PASSWORD));

    // a second abort has nothing left to do
    LocalShell again = LAB.osm1.shell();
    assertThat(LAB.migration(again, LAB.dbmy.shell()).abort().mutatingCommands()).isZero();
  }

  @Test
  void aConfigurationPutBackByHandIsNotDisabledAgainWithoutANewGo() throws Exception {
    // a move stopped after the Session Manager was disabled (the row counts differed) ...
    loseARowDuringTheImport(osm);
    assertThatThrownBy(() -> LAB.migration(osm, db).run(true, 1))
        .isInstanceOf(MigrationException.class);
    assertThat(Files.exists(LAB.configPath())).isFalse();
    // ... and the admin put the original back by hand, as the guide's backup allows
    Files.copy(LAB.backupPath(), LAB.configPath());
    Map<String, Long> before = sourceCounts();

    LocalShell o = LAB.osm1.shell();
    assertThatThrownBy(() -> LAB.migration(o, LAB.dbmy.shell()).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.NEW_GO_NEEDED);
              assertThat(e.getMessage())
                  .contains("after move attempt 1")
                  .contains("spec.database.moveAttempt to 2");
            });
    assertThat(o.ran()).noneMatch(Command::mutating);
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
    assertThat(LAB.osm1.running()).isTrue();

    // the new go moves it, and the first attempt's backup is kept under its name
    MigrationOutcome out = LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).run(true, 2);
    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(out.targetCounts().asMap()).isEqualTo(before);
    assertSwitchedConfig(LAB);
    assertThat(Path.of(LAB.backupPath() + ".attempt-1")).hasContent(LAB.pristineConfig());
    assertThat(Path.of(LAB.backupPath() + ".attempt")).hasContent("2\n");
  }

  @Test
  void afterAnAbortTheMoveWaitsForANewGo() throws Exception {
    loseARowDuringTheImport(osm);
    assertThatThrownBy(() -> LAB.migration(osm, db).run(true, 1))
        .isInstanceOf(MigrationException.class);
    LAB.migration(LAB.osm1.shell(), LAB.dbmy.shell()).abort();

    LocalShell o = LAB.osm1.shell();
    assertThatThrownBy(() -> LAB.migration(o, LAB.dbmy.shell()).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> assertThat(e.reason()).isEqualTo(MigrationException.Reason.NEW_GO_NEEDED));
    assertThat(o.ran()).noneMatch(Command::mutating);
    assertThat(LAB.osm1.running()).isTrue();
  }

  @Test
  void aPassThatDiedBeforeRecordingTheAttemptRecordsItWhenItResumes() throws Exception {
    // the configuration is gone and the backup made, but no attempt was recorded (a crash in
    // between, or a move begun by an operator version without the record)
    Files.copy(LAB.configPath(), LAB.backupPath());
    Files.delete(LAB.configPath());

    MigrationOutcome out = LAB.migration(osm, db).run(false, 1);

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(Path.of(LAB.backupPath() + ".attempt")).hasContent("1\n");
  }

  /**
   * The account is granted from the private network only (network/netmask, MySQL's notation): the
   * loopback clients here are inside 127.0.0.0/8 and get in; with 10.0.0.0/8 as the private network
   * the same client is refused, and the Session Manager is never disabled.
   */
  @Test
  void theUserIsGrantedFromThePrivateNetworkOnly() throws Exception {
    LAB.migration(osm, db).run(true, 1);
    assertThat(
            LAB.dbmy.sql(
                "SELECT CONCAT(User, '@', Host) FROM mysql.user WHERE User = '"
                    + MigrationLab.TARGET_USER
                    + "'"))
        .isEqualTo(MigrationLab.TARGET_USER + "@" + MigrationLab.GRANT_HOST);

    LAB.reset();
    LocalShell o = LAB.osm1.shell();
    assertThatThrownBy(
            () ->
                LAB.migration(o, LAB.dbmy.shell(), LAB.dbLayout("10.0.0.0/255.0.0.0")).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.TARGET_REFUSED);
              assertThat(e.getMessage()).contains("refuses user " + MigrationLab.TARGET_USER);
            });
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
    assertThat(LAB.osm1.running()).isTrue();
  }

  @Test
  void aFinishedMoveIsNotUndone() throws Exception {
    LAB.migration(osm, db).run(true, 1);
    LocalShell o = LAB.osm1.shell();
    assertThatThrownBy(() -> LAB.migration(o, LAB.dbmy.shell()).abort())
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.ABORT_REFUSED);
              assertThat(e.getMessage())
                  .contains("the move finished")
                  .doesNotContain(MigrationLab.TARGET_PASSWORD);
            });
    assertThat(o.ran()).noneMatch(Command::mutating);
    assertSwitchedConfig(LAB);
  }

  @Test
  void aDatabaseNodeAlreadyListeningIsNotRestarted() throws Exception {
    Files.writeString(LAB.dropInPath(), LAB.dbLayout().dropInContent());
    LAB.dbmy.exec("systemctl restart mariadb");
    Files.delete(LAB.dbmy.systemd.resolve("calls.log"));

    MigrationOutcome out = LAB.migration(osm, db).run(true, 1);

    assertThat(out.state()).isEqualTo(MigrationOutcome.State.Externalized);
    assertThat(LAB.dbmy.systemd.resolve("calls.log")).doesNotExist();
    assertThat(db.ran().stream().filter(Command::mutating).map(Command::description))
        .containsExactly(
            "Create database ovd_shared and user ovd_sm@127.0.0.0/255.0.0.0 with all privileges on it");
  }

  @Test
  void aBackupThatDiffersIsNeverOverwrittenAndStopsTheMigration() throws Exception {
    String stale = "{\"general.sql.host\": \"old\"}";
    Files.writeString(LAB.backupPath(), stale);

    assertThatThrownBy(() -> LAB.migration(osm, db).run(true, 1))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.BACKUP_CONFLICT);
              assertThat(e.getMessage()).contains(LAB.backupPath().toString());
            });
    assertThat(Files.readString(LAB.backupPath())).isEqualTo(stale);
    assertThat(Files.readString(LAB.configPath())).isEqualTo(LAB.pristineConfig());
    assertThat(LAB.osm1.running()).isTrue();
  }

  private Map<String, Long> sourceCounts() throws Exception {
    Map<String, Long> m = new TreeMap<>();
    for (String t : MigrationLab.TABLES) {
      m.put(t, LAB.osm1.count("ovd", t));
    }
    return m;
  }

  static void assertSwitchedConfig(MigrationLab LAB) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode now = json.readTree(Files.readString(LAB.configPath()));
    JsonNode was = json.readTree(LAB.pristineConfig());
    assertThat(now.get("general.sql.host").asText()).isEqualTo("127.0.0.1");
    assertThat(now.get("general.sql.user").asText()).isEqualTo(MigrationLab.TARGET_USER);
    assertThat(now.get("general.sql.password").asText()).isEqualTo(MigrationLab.TARGET_PASSWORD);
    assertThat(now.get("general.sql.database").asText()).isEqualTo(MigrationLab.TARGET_DB);
    var expected = was.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected)
        .put("general.sql.host", "127.0.0.1")
        .put("general.sql.user", MigrationLab.TARGET_USER)
        .put("general.sql.password", MigrationLab.TARGET_PASSWORD)
        .put("general.sql.database", MigrationLab.TARGET_DB);
    assertThat(now).isEqualTo(expected);
    assertThat(Files.readString(LAB.configPath()))
        .contains("\"general.session_settings.timeout\" : 0.250");
    PosixFileAttributes a = Files.readAttributes(LAB.configPath(), PosixFileAttributes.class);
    assertThat(a.owner().getName()).isEqualTo("www-data");
    assertThat(a.group().getName()).isEqualTo("www-data");
    assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-rw----");
  }

  /** The source database survives: start the stopped local server and count again. */
  static void assertSourceIntact(MigrationLab LAB, Map<String, Long> before) throws Exception {
    assertThat(Files.isDirectory(LAB.osm1.dir.resolve("data/ovd"))).isTrue();
    LAB.osm1.start();
    try {
      for (String t : MigrationLab.TABLES) {
        assertThat(LAB.osm1.count("ovd", t)).as("source " + t).isEqualTo(before.get(t));
      }
    } finally {
      LAB.osm1.stop();
    }
  }

  /**
   * Row 7 of ovd_events vanishes from the target right after the import: the counts then differ.
   */
  static void loseARowDuringTheImport(LocalShell osm) {
    osm.hook(
        (shell, command, result) -> {
          if (command.description().startsWith("Import ")) {
            try {
              LAB.dbmy.sql("DELETE FROM " + MigrationLab.TARGET_DB + ".ovd_events WHERE id = 7");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }
}
