package io.ovdfailover.steps.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulated host of the lab on this machine: a private mariadbd (own datadir, socket, port on
 * loopback), its option files in {@code home/my.cnf} (found through MYSQL_HOME, read after
 * /etc/mysql/my.cnf, so it plays the host's /etc/mysql), a {@code root/} directory playing /root,
 * and a {@code systemctl} stand-in (there is no systemd here) that starts, stops and restarts that
 * mariadbd for unit "mariadb".
 */
final class SimHost {
  final String name;
  final Path dir;
  final Path home;
  final Path confD;
  final Path root;
  final Path spool;
  final Path systemd;
  final Path socket;
  final int port;
  final String initialBind;

  private SimHost(String name, Path dir, int port, String initialBind) {
    this.name = name;
    this.dir = dir;
    this.home = dir.resolve("home");
    this.confD = home.resolve("conf.d");
    this.root = dir.resolve("root");
    this.spool = dir.resolve("spool/ovd/session-manager");
    this.systemd = dir.resolve("systemd");
    this.socket = dir.resolve("mysqld.sock");
    this.port = port;
    this.initialBind = initialBind;
  }

  /** Creates the directories and option files and initialises the datadir (mariadb-install-db). */
  static SimHost create(String name, Path dir, String initialBind)
      throws IOException, InterruptedException {
    SimHost h = new SimHost(name, dir, freePort(), initialBind);
    for (Path p :
        new Path[] {
          h.confD,
          h.root,
          h.spool,
          h.systemd,
          dir.resolve("bin"),
          dir.resolve("data"),
          dir.resolve("tmp")
        }) {
      Files.createDirectories(p);
    }
    Files.writeString(
        h.home.resolve("my.cnf"),
        """
        [mysqld]
        user = root
        datadir = %1$s/data
        socket = %1$s/mysqld.sock
        pid-file = %1$s/mysqld.pid
        log-error = %1$s/mysqld.err
        tmpdir = %1$s/tmp
        port = %2$d
        bind-address = %3$s
        skip-name-resolve
        skip-log-bin
        innodb_buffer_pool_size = 32M
        [client]
        socket = %1$s/mysqld.sock
        port = %2$d
        !includedir %4$s
        """
            .formatted(dir, h.port, initialBind, h.confD));
    writeExecutable(
        h.systemd.resolve("mariadb.ctl"),
        """
        #!/bin/sh
        # Starts/stops this simulated host's mariadbd; used by the systemctl stand-in.
        export MYSQL_HOME=%1$s/home
        ping() { mariadb-admin --socket=%1$s/mysqld.sock -u root --connect-timeout=2 ping >/dev/null 2>&1; }
        case "$1" in
          start)
            ping && exit 0
            setsid mariadbd > %1$s/mariadbd.out 2>&1 < /dev/null &
            i=0
            until ping; do i=$((i+1)); [ $i -gt 600 ] && { echo 'mariadbd did not start' >&2; exit 1; }; sleep 0.1; done ;;
          stop)
            [ -f %1$s/mysqld.pid ] || exit 0
            pid=$(cat %1$s/mysqld.pid)
            mariadb-admin --socket=%1$s/mysqld.sock -u root shutdown >/dev/null 2>&1 || true
            i=0
            while kill -0 "$pid" 2>/dev/null; do i=$((i+1)); [ $i -gt 600 ] && exit 1; sleep 0.1; done
            rm -f %1$s/mysqld.pid ;;
          status) ping ;;
        esac
        """
            .formatted(dir));
    writeExecutable(
        dir.resolve("bin/systemctl"),
        """
        #!/bin/sh
        # systemctl stand-in for the test lab (no systemd on this machine).
        D=%1$s
        echo "$*" >> "$D/calls.log"
        cmd=$1; shift
        now=0
        if [ "${1:-}" = --now ]; then now=1; shift; fi
        svc=${1%%.service}
        ctl="$D/$svc.ctl"
        [ -x "$ctl" ] || { echo "Unit $svc.service could not be found." >&2; exit 4; }
        case $cmd in
          is-active) if "$ctl" status; then echo active; else echo inactive; exit 3; fi ;;
          is-enabled) if [ -e "$D/$svc.disabled" ]; then echo disabled; exit 1; else echo enabled; fi ;;
          start) "$ctl" start ;;
          stop) "$ctl" stop ;;
          restart) "$ctl" stop && "$ctl" start ;;
          disable) touch "$D/$svc.disabled"; if [ $now = 1 ]; then "$ctl" stop; fi ;;
          enable) rm -f "$D/$svc.disabled"; if [ $now = 1 ]; then "$ctl" start; fi ;;
          *) echo "unsupported: $cmd" >&2; exit 2 ;;
        esac
        """
            .formatted(h.systemd));
    Path log = dir.resolve("install-db.log");
    Result r =
        h.run(
            "mariadb-install-db --no-defaults --datadir="
                + dir.resolve("data")
                + " --user=root"
                + " --auth-root-authentication-method=socket --skip-test-db --tmpdir="
                + dir.resolve("tmp")
                + " > "
                + log
                + " 2>&1",
            "");
    if (r.exit() != 0) {
      throw new IllegalStateException(
          name + ": mariadb-install-db exited with " + r.exit() + ": " + Files.readString(log));
    }
    return h;
  }

  private static void writeExecutable(Path p, String content) throws IOException {
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The environment commands on this host run with. */
  Map<String, String> env() {
    return Map.of(
        "PATH",
        dir.resolve("bin") + ":" + System.getenv("PATH"),
        "MYSQL_HOME",
        home.toString(),
        "HOME",
        root.toString(),
        "TMPDIR",
        dir.resolve("tmp").toString());
  }

  LocalShell shell() {
    return new LocalShell(name, env());
  }

  void start() throws IOException, InterruptedException {
    exec("systemctl start mariadb");
  }

  void stop() throws IOException, InterruptedException {
    exec("systemctl stop mariadb");
  }

  boolean running() throws IOException, InterruptedException {
    return run("systemctl is-active mariadb", "").exit == 0;
  }

  /** Runs SQL as the local root (socket authentication) and returns the -N -B output. */
  String sql(String sql) throws IOException, InterruptedException {
    Result r = run("mariadb --no-defaults --socket=" + socket + " -u root -N -B", sql);
    if (r.exit != 0) {
      throw new IllegalStateException(name + ": SQL failed: " + r.err);
    }
    return r.out.strip();
  }

  long count(String db, String table) throws IOException, InterruptedException {
    return Long.parseLong(sql("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`"));
  }

  String exec(String script) throws IOException, InterruptedException {
    Result r = run(script, "");
    if (r.exit != 0) {
      throw new IllegalStateException(name + ": '" + script + "' failed: " + r.err);
    }
    return r.out;
  }

  record Result(int exit, String out, String err) {}

  Result run(String script, String stdin) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
    pb.environment().putAll(env());
    Path errFile = Files.createTempFile(dir, "err", ".txt");
    pb.redirectError(errFile.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + ": timed out: " + script);
    }
    String err = Files.readString(errFile);
    Files.delete(errFile);
    return new Result(p.exitValue(), out, err);
  }
}
