package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SMTP server in the lab for Appendix 2's alert mail: Debian's exim4 (the package Debian
 * installs as its default mail server), from the lab's repository, on one node, accepting mail for
 * {@value #DOMAIN} from the lab's networks into local mailboxes the tests read. LAB ONLY: a site
 * brings its own relay.
 */
final class LabSmtp {
  static final String DOMAIN = "lab.example";

  private LabSmtp() {}

  /** exim4 on {@code node}, listening on every address, with a local user per mailbox. */
  static void serve(Lab lab, String node, String... mailboxes) {
    StringBuilder users = new StringBuilder();
    for (String m : mailboxes) {
      users
          .append("id ")
          .append(m)
          .append(" >/dev/null 2>&1 || useradd -m ")
          .append(m)
          .append('\n');
    }
    Lab.Result r =
        lab.exec(
            node,
            String.join(
                "\n",
                "set -e",
                "export DEBIAN_FRONTEND=noninteractive",
                "apt-get -q update >/dev/null",
                "apt-get -q -y install exim4-daemon-light >/dev/null",
                "cat > /etc/exim4/update-exim4.conf.conf <<'CONF'",
                "# LAB ONLY (e2e LabSmtp): local delivery for " + DOMAIN + ", on every address",
                "dc_eximconfig_configtype='internet'",
                "dc_other_hostnames='" + DOMAIN + "'",
                "dc_local_interfaces=''",
                "dc_readhost=''",
                "dc_relay_domains=''",
                "dc_minimaldns='false'",
                "dc_relay_nets=''",
                "dc_smarthost=''",
                "CFILEMODE='644'",
                "dc_use_split_config='false'",
                "dc_hide_mailname=''",
                "dc_mailname_in_oh='true'",
                "dc_localdelivery='mail_spool'",
                "CONF",
                users.toString().strip(),
                "update-exim4.conf",
                "systemctl restart exim4",
                "ss -ltn | grep -q '0.0.0.0:25 '"));
    assertThat(r.ok()).as("exim4 on %s: %s", node, r).isTrue();
  }

  /** The mailbox's messages as one mbox text (empty when none arrived). */
  static String mailbox(Lab lab, String node, String user) {
    return lab.exec(node, "cat /var/mail/" + user + " 2>/dev/null || true").stdout();
  }

  /**
   * STARTTLS and SMTP AUTH on the node's exim4: a self-signed certificate made on this machine (the
   * node has no openssl), and a LOGIN authenticator for one user, advertised only once TLS is up,
   * so that a message logged with {@code A=login_server:<user>} came over TLS and authenticated.
   * The password reaches the node on stdin only.
   */
  static void requireTlsAndAuth(Lab lab, String node, String user, String password) {
    java.nio.file.Path dir;
    String crt;
    String key;
    try {
      dir = java.nio.file.Files.createTempDirectory("lab-smtp-tls");
      Process p =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "2",
                  "-subj",
                  "/CN=" + node + ".priv",
                  "-keyout",
                  dir.resolve("key").toString(),
                  "-out",
                  dir.resolve("crt").toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("openssl: %s", out).isZero();
      crt = java.nio.file.Files.readString(dir.resolve("crt"));
      key = java.nio.file.Files.readString(dir.resolve("key"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Lab.Result r =
        lab.exec(
            node,
            String.join(
                "\n",
                "set -e",
                "read -r pw",
                "cat > /etc/exim4/exim.crt <<'CRT'",
                crt.strip(),
                "CRT",
                "cat > /etc/exim4/exim.key <<'KEY'",
                key.strip(),
                "KEY",
                "chown root:Debian-exim /etc/exim4/exim.key /etc/exim4/exim.crt",
                "chmod 640 /etc/exim4/exim.key",
                "echo 'MAIN_TLS_ENABLE = yes' > /etc/exim4/exim4.conf.localmacros",
                "t=/etc/exim4/exim4.conf.template",
                "sed -i '/^# LAB ONLY login_server/,$d' $t",
                // the template's last section is its authenticators: what follows it joins them
                "cat >> $t <<CONF",
                "# LAB ONLY login_server (e2e LabSmtp): one user, over TLS only",
                "login_server:",
                "  driver = plaintext",
                "  public_name = LOGIN",
                "  server_prompts = Username:: : Password::",
                "  server_condition = \\${if and {{eq{\\$auth1}{"
                    + user
                    + "}}{eq{\\$auth2}{$pw}}}}",
                "  server_set_id = \\$auth1",
                "  server_advertise_condition = \\${if def:tls_in_cipher}",
                "CONF",
                "update-exim4.conf",
                "systemctl restart exim4",
                "ss -ltn | grep -q '0.0.0.0:25 '"),
            password + "\n");
    assertThat(r.ok()).as("exim4 TLS and AUTH on %s: %s", node, r).isTrue();
  }

  /** exim4's log lines of the messages it received (the {@code <=} lines). */
  static java.util.List<String> received(Lab lab, String node) {
    return lab.exec(node, "grep ' <= ' /var/log/exim4/mainlog || true").stdout().lines().toList();
  }

  /** The messages of an mbox text, split at its "From " lines. */
  static java.util.List<String> messages(String mbox) {
    return java.util.Arrays.stream(mbox.split("(?m)^(?=From \\S+ )"))
        .filter(m -> m.startsWith("From "))
        .toList();
  }
}
