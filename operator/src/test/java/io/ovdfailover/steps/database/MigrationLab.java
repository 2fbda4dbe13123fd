package io.ovdfailover.steps.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: two real, private MariaDB servers for a test class. "osm1" holds the Session
 * Manager's local database (seeded {@code ovd}: InnoDB tables with a foreign key, a few hundred
 * rows, user ovd with a password) and its configuration file; "dbmy" is the empty database node,
 * listening first on 127.0.0.2 (the distro default the migration must change) until the migration's
 * drop-in moves it to 127.0.0.1. Both only on loopback.
 */
final class MigrationLab implements BeforeAllCallback, AfterAllCallback {
  /** Passwords with every character that quoting could get wrong. */
  static final String SOURCE_PASSWORD = "src-P@ss \"w'o#rd\\ $(id) ;";

  static final String TARGET_PASSWORD = "tgt-S3cret 'q\"# \\n`x` %s";
  static final String TARGET_DB = "ovd_shared";
  static final String TARGET_USER = "ovd_sm";
  static final List<String> TABLES =
      List.of("ovd_users", "ovd_sessions", "ovd_settings", "ovd_events");

  Path root;
  SimHost osm1;
  SimHost dbmy;
  private String pristineConfig;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    root = Files.createTempDirectory("ovd-db-lab");
    CompletableFuture<SimHost> a = CompletableFuture.supplyAsync(() -> create("osm1", "127.0.0.1"));
    CompletableFuture<SimHost> b = CompletableFuture.supplyAsync(() -> create("dbmy", "127.0.0.2"));
    CompletableFuture.allOf(a, b)
        .exceptionally(t -> null)
        .join(); // both finished before a failure is thrown
    dbmy = b.join();
    osm1 = a.join();
    osm1.start();
    dbmy.start();
    seedSource();
    pristineConfig = configJson();
    reset();
  }

  private SimHost create(String name, String bind) {
    try {
      return SimHost.create(name, root.resolve(name), bind);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (SimHost h : new SimHost[] {osm1, dbmy}) {
      if (h != null) {
        h.stop();
      }
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void seedSource() throws IOException, InterruptedException {
    osm1.sql(
        """
        CREATE DATABASE ovd;
        USE ovd;
        CREATE TABLE ovd_users (id INT PRIMARY KEY, login VARCHAR(64) NOT NULL, display_name VARCHAR(128))
          ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        CREATE TABLE ovd_sessions (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL,
          started DATETIME NOT NULL, data TEXT, FOREIGN KEY (user_id) REFERENCES ovd_users(id)) ENGINE=InnoDB;
        CREATE TABLE ovd_settings (k VARCHAR(64) PRIMARY KEY, v TEXT) ENGINE=InnoDB;
        CREATE TABLE ovd_events (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(255)) ENGINE=InnoDB;
        INSERT INTO ovd_users SELECT seq, CONCAT('user', seq), CONCAT('Ünïcode ''quoted'' ', seq) FROM seq_1_to_150;
        INSERT INTO ovd_sessions (user_id, started, data)
          SELECT 1 + seq % 150, '2026-01-01 00:00:00' + INTERVAL seq MINUTE, REPEAT('x;\\n', seq % 7)
          FROM seq_1_to_320;
        INSERT INTO ovd_settings SELECT CONCAT('key', seq), CONCAT('{"v":', seq, '}') FROM seq_1_to_45;
        INSERT INTO ovd_events (msg) SELECT CONCAT('event ', seq) FROM seq_1_to_210;
        """);
    String pw = Sh.sqlString(SOURCE_PASSWORD);
    osm1.sql(
        Sh.SQL_MODE_PRELUDE
            + "CREATE USER 'ovd'@'localhost' IDENTIFIED BY "
            + pw
            + ";\n"
            + "CREATE USER 'ovd'@'%' IDENTIFIED BY "
            + pw
            + ";\n"
            + "GRANT ALL PRIVILEGES ON ovd.* TO 'ovd'@'localhost';\nGRANT ALL PRIVILEGES ON ovd.* TO 'ovd'@'%';\n");
  }

  /** The Session Manager configuration before the migration, in the guide's flat-key form. */
  private static String configJson() {
    String pw = SOURCE_PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"");
    return """
        {
          "general.sql.host": "localhost",
          "general.sql.user": "ovd",
          "general.sql.password": "%s",
          "general.sql.database": "ovd",
          "general.sql.prefix": "ovd_",
          "general.max_items_per_page": 100,
          "general.session_settings.timeout": 0.250,
          "web_interface.persistent": true,
          "general.admin_language": "auto",
          "authentication": {"methods": ["Password", "Token"], "ldap": null}
        }
        """
        .formatted(pw);
  }

  /**
   * Back to before the migration: configuration in place (www-data, 660), no backup, attempt
   * record, dump or marker, local database running and enabled; on dbmy no drop-in, no target
   * database or user, listening on 127.0.0.2.
   */
  void reset() throws IOException, InterruptedException {
    Files.writeString(configPath(), pristineConfig);
    setOwner(configPath(), "www-data");
    Files.setPosixFilePermissions(configPath(), PosixFilePermissions.fromString("rw-rw----"));
    for (Path p :
        new Path[] {
          backupPath(),
          Path.of(backupPath() + ".attempt"),
          Path.of(backupPath() + ".attempt-1"),
          dumpPath(),
          Path.of(dumpPath() + ".partial"),
          Path.of(dumpPath() + ".imported")
        }) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(osm1.systemd.resolve("mariadb.disabled"));
    osm1.start();
    Files.deleteIfExists(dropInPath());
    if (!dbmy.sql("SELECT @@bind_address").equals(dbmy.initialBind)) {
      dbmy.exec("systemctl restart mariadb");
    }
    dbmy.sql(
        "DROP DATABASE IF EXISTS "
            + TARGET_DB
            + "; DROP USER IF EXISTS '"
            + TARGET_USER
            + "'@'%'; DROP USER IF EXISTS '"
            + TARGET_USER
            + "'@'"
            + GRANT_HOST
            + "'; DROP USER IF EXISTS '"
            + TARGET_USER
            + "'@'10.0.0.0/255.0.0.0';");
    Files.deleteIfExists(osm1.systemd.resolve("calls.log"));
    Files.deleteIfExists(dbmy.systemd.resolve("calls.log"));
  }

  static void setOwner(Path p, String name) throws IOException {
    UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(name));
    GroupPrincipal g = lookup.lookupPrincipalByGroupName(name);
    view.setGroup(g);
  }

  Path configPath() {
    return osm1.spool.resolve("config");
  }

  Path backupPath() {
    return osm1.root.resolve("session-manager.conf.orig");
  }

  Path dumpPath() {
    return osm1.root.resolve("session-manager-database.sql");
  }

  Path dropInPath() {
    return dbmy.confD.resolve("99-ovd-failover.cnf");
  }

  String pristineConfig() {
    return pristineConfig;
  }

  SessionManagerLayout smLayout() {
    return new SessionManagerLayout(
        configPath().toString(),
        backupPath().toString(),
        dumpPath().toString(),
        "www-data",
        "www-data",
        "mariadb");
  }

  /** The private network of this lab: the servers and clients are on loopback. */
  static final String GRANT_HOST = "127.0.0.0/255.0.0.0";

  DatabaseNodeLayout dbLayout() {
    return dbLayout(GRANT_HOST);
  }

  DatabaseNodeLayout dbLayout(String grantHost) {
    // the build host's MariaDB (bookworm's 10.11): the current SQL forms
    return new DatabaseNodeLayout(
        dropInPath().toString(),
        "127.0.0.1",
        grantHost,
        "mariadb",
        new DbCredentials("root", ""),
        io.ovdfailover.hosts.MysqlServer.of(io.ovdfailover.hosts.MysqlFlavor.MARIADB, "10.11"));
  }

  TargetDatabase target() {
    return new TargetDatabase(
        "127.0.0.1", dbmy.port, TARGET_DB, new DbCredentials(TARGET_USER, TARGET_PASSWORD));
  }

  /** A migration to dbmy through these shells (one pass = one operator process). */
  DatabaseMigration migration(LocalShell osmShell, LocalShell dbShell) {
    return migration(osmShell, dbShell, dbLayout());
  }

  DatabaseMigration migration(LocalShell osmShell, LocalShell dbShell, DatabaseNodeLayout layout) {
    return DatabaseMigration.toDatabaseNode(target(), smLayout(), osmShell, layout, dbShell);
  }
}
