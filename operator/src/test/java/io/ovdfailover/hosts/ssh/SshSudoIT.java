package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.fastSettings;
import static io.ovdfailover.hosts.ssh.SshTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A non-root login that works through {@code sudo -n}, as on nodes where root cannot log in. */
class SshSudoIT {
  static final String USER = "ovdtest";

  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  static OpenSshServer.ClientKey key;
  static String pin;
  static SshConnectionPool pool;

  @BeforeAll
  static void setUp() throws Exception {
    OpenSshServer.ensureSudoUser(USER);
    key = SSHD.newClientKey("ed25519");
    SSHD.authorize(USER, key);
    pin = SSHD.hostFingerprint("ed25519");
    pool = new SshConnectionPool(fastSettings());
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  @Test
  void sudoRunsTheScriptAsRoot() throws Exception {
    SshConnection shell = pool.shell("ns/sudo", target(SSHD, USER, key, pin));
    assertThat(shell.target().sudo()).isTrue();
    assertThat(shell.runChecked(Command.read("id", "id -u")).stdout()).isEqualTo("0\n");
    // Quoting survives the login shell, sudo and sh.
    assertThat(shell.runChecked(Command.read("quote", "x=\"it's\"; echo \"$x\" '$USER'")).stdout())
        .isEqualTo("it's $USER\n");
  }

  @Test
  void withoutSudoTheLoginUserRuns() throws Exception {
    SshConnection shell = pool.shell("ns/nosudo", target(SSHD, USER, key, pin).withSudo(false));
    String uid = shell.runChecked(Command.read("id", "id -u")).stdout().strip();
    assertThat(Integer.parseInt(uid)).isNotZero();
    assertThat(uid).isEqualTo(OpenSshServer.exec("id", "-u", USER).strip());
  }

  @Test
  void stdinReachesTheScriptThroughSudo() throws Exception {
    SshConnection shell = pool.shell("ns/sudo", target(SSHD, USER, key, pin));
    assertThat(
            shell
                .runChecked(
                    Command.read("read", "IFS= read -r line; echo \"[$line] $(id -u)\"")
                        .withStdin("a b 'c'\n"))
                .stdout())
        .isEqualTo("[a b 'c'] 0\n");
  }

  @Test
  void userWithoutSudoRightsIsAnAuthFailure() throws Exception {
    // nobody-like login: a second user with no sudoers entry
    String user = "ovdnosudo";
    if (new ProcessBuilder("id", "-u", user).start().waitFor() != 0) {
      OpenSshServer.exec("useradd", "--create-home", "--shell", "/bin/sh", user);
    }
    OpenSshServer.exec("usermod", "-p", "*", user);
    SSHD.authorize(user, key);
    SshConnection shell = pool.shell("ns/nosudo-user", target(SSHD, user, key, pin));
    assertThatThrownBy(() -> shell.run(Command.read("id", "id -u")))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
              assertThat(e.getMessage())
                  .contains("cannot run commands through `sudo -n`", "NOPASSWD");
            });
  }
}
