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

  /** The messages of an mbox text, split at its "From " lines. */
  static java.util.List<String> messages(String mbox) {
    return java.util.Arrays.stream(mbox.split("(?m)^(?=From \\S+ )"))
        .filter(m -> m.startsWith("From "))
        .toList();
  }
}
