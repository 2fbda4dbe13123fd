package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.testsupport.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIB engine against the real pcs 0.11 and Pacemaker command-line tools of this machine, on a
 * CIB file (the same commands run against a live cluster in the lab tests).
 */
class CibEngineIT {
  @TempDir Path dir;
  Path cib;
  CibFileShell shell;
  PcsVersion pcs;

  @BeforeAll
  static void toolsPresent() {
    assertTrue(
        Files.isExecutable(Path.of("/usr/sbin/pcs"))
            && Files.isExecutable(Path.of("/usr/sbin/cibadmin")),
        "this test needs Debian's pcs and pacemaker-cli-utils (apt-get install pcs pacemaker-cli-utils resource-agents); "
            + ".ci/run installs them");
  }

  @BeforeEach
  void emptyCib() throws Exception {
    cib = dir.resolve("cib.xml");
    Process p = new ProcessBuilder("cibadmin", "--empty").redirectOutput(cib.toFile()).start();
    assertThat(p.waitFor()).isZero();
    shell = new CibFileShell(cib);
    pcs = PcsVersion.parse(shell.runChecked(Command.read("pcs version", "pcs --version")).stdout());
  }

  static OvdFailoverClusterSpec labSpec() {
    return Samples.cluster("ns", "lab").getSpec();
  }

  CibConfig live() throws Exception {
    return CibConfig.parse(shell.runChecked(Command.read("read CIB", "cibadmin --query")).stdout());
  }

  List<CibChange> converge(DesiredCib desired) throws Exception {
    List<CibChange> changes = CibDiff.compute(desired, live());
    if (!changes.isEmpty()) {
      shell.runChecked(CibPush.command(changes, pcs));
    }
    return changes;
  }

  @Test
  void emptyCibGetsTheGuidesConfigurationInOnePushAndSecondRunChangesNothing() throws Exception {
    DesiredCib desired = OvdResources.desired(labSpec(), Optional.empty());

    List<CibChange> first = converge(desired);
    // stonith property, 6 resources, 5 colocations, 2 avoidances (pcs3, pcs4)
    assertThat(first).hasSize(14);
    assertThat(shell.mutating).isEqualTo(1);

    CibConfig after = live();
    assertThat(after.primitives().keySet()).containsExactlyElementsOf(OvdResources.ALL);
    assertThat(after.primitives().get("virtual_ip").attributes())
        .containsEntry("ip", "198.18.0.100")
        .containsEntry("cidr_netmask", "24")
        .containsEntry("nic", "eth0");
    assertThat(after.primitives().get("lsyncd").agent()).isEqualTo("systemd:lsyncd");
    assertThat(after.colocations()).hasSize(5);
    assertThat(after.locations())
        .extracting(CibConfig.LiveLocation::node)
        .containsExactlyInAnyOrder("pcs3.priv", "pcs4.priv");
    assertThat(after.properties()).containsEntry("stonith-enabled", "false");

    assertThat(converge(desired)).isEmpty();
    assertThat(shell.mutating).as("a converged CIB costs no mutating command").isEqualTo(1);
  }

  @Test
  void theAlertOfAppendixTwoComesWithItsRecipientsFollowsTheSpecAndGoesWithIt() throws Exception {
    OvdFailoverClusterSpec spec = labSpec();
    converge(OvdResources.desired(spec, Optional.empty()));
    spec.alerts = new io.ovdfailover.api.AlertsSpec();
    spec.alerts.recipients =
        new java.util.ArrayList<>(List.of("ops@lab.example", "oncall@lab.example"));

    assertThat(converge(OvdResources.desired(spec, Optional.empty())))
        .extracting(CibChange::describe)
        .containsExactly(
            "create alert ovd-alert (/usr/local/sbin/pcs-notify)",
            "add recipient ops@lab.example to alert ovd-alert",
            "add recipient oncall@lab.example to alert ovd-alert",
            "add recipient /var/log/ovd-failover/pacemaker-alerts.log to alert ovd-alert");
    CibConfig.LiveAlert alert = live().alerts().get("ovd-alert");
    assertThat(alert.path()).isEqualTo("/usr/local/sbin/pcs-notify");
    assertThat(alert.recipients().values())
        .containsExactly(
            "ops@lab.example", "oncall@lab.example", "/var/log/ovd-failover/pacemaker-alerts.log");
    int mutating = shell.mutating;
    assertThat(converge(OvdResources.desired(spec, Optional.empty()))).isEmpty();
    assertThat(shell.mutating).isEqualTo(mutating);

    // an admin's own alert is the site's; a recipient the spec drops goes, the others stay
    shell.runChecked(
        Command.change(
            "the guide's alert, by hand",
            "pcs -f \"$CIB_file\" alert create path=/usr/local/sbin/other-notify id=my-alert"));
    spec.alerts.recipients.remove("oncall@lab.example");
    spec.alerts.kubernetesEvents = false;
    assertThat(converge(OvdResources.desired(spec, Optional.empty())))
        .extracting(CibChange::describe)
        .containsExactly(
            "remove recipient oncall@lab.example from alert ovd-alert",
            "remove recipient /var/log/ovd-failover/pacemaker-alerts.log from alert ovd-alert");
    assertThat(live().alerts().get("ovd-alert").recipients().values())
        .containsExactly("ops@lab.example");

    spec.alerts = null;
    assertThat(converge(OvdResources.desired(spec, Optional.empty())))
        .extracting(CibChange::describe)
        .containsExactly("remove alert ovd-alert (spec.alerts is unset)");
    assertThat(live().alerts()).containsOnlyKeys("my-alert");
  }

  @Test
  void aLoadThresholdInTheSpecIsSetOnceAndOneSetByHandIsLeftAloneWhenTheSpecHasNone()
      throws Exception {
    OvdFailoverClusterSpec spec = labSpec();
    spec.pacemaker.loadThreshold = "400%";
    converge(OvdResources.desired(spec, Optional.empty()));
    assertThat(live().properties()).containsEntry("load-threshold", "400%");
    assertThat(converge(OvdResources.desired(spec, Optional.empty()))).isEmpty();

    shell.runChecked(
        Command.change(
            "an admin's own threshold", "pcs -f \"$CIB_file\" property set load-threshold=250%"));
    spec.pacemaker.loadThreshold = null;
    assertThat(converge(OvdResources.desired(spec, Optional.empty())))
        .as("not the operator's to change")
        .isEmpty();
    assertThat(live().properties()).containsEntry("load-threshold", "250%");
  }

  @Test
  void driftIsCorrectedWithOnlyTheMissingPieces() throws Exception {
    DesiredCib desired = OvdResources.desired(labSpec(), Optional.empty());
    converge(desired);
    HostShell s = shell;
    String colocationId =
        live().colocations().stream()
            .filter(c -> c.rsc().equals("httpd"))
            .findFirst()
            .orElseThrow()
            .id();
    s.runChecked(
        Command.change(
            "drift",
            "pcs -f \"$CIB_file\" constraint delete "
                + colocationId
                + " && pcs -f \"$CIB_file\" resource update virtual_ip cidr_netmask=16"
                + " && pcs -f \"$CIB_file\" resource disable lsyncd_cron"));

    List<CibChange> fix = converge(desired);
    assertThat(fix)
        .extracting(CibChange::describe)
        .containsExactlyInAnyOrder(
            "update resource virtual_ip {cidr_netmask=24}", "colocate httpd with virtual_ip");
    assertThat(converge(desired)).isEmpty();
    // pcs resource disable is an admin's decision: reported (converge.AdminOverride), never undone
    assertThat(live().primitives().get("lsyncd_cron").disabled()).isTrue();
  }

  @Test
  void handMadeConstraintsWithOtherIdsCountAsPresent() throws Exception {
    shell.runChecked(
        Command.change(
            "admin by hand",
            String.join(
                " && ",
                "pcs -f \"$CIB_file\" resource create virtual_ip ocf:heartbeat:IPaddr2 ip=198.18.0.100 cidr_netmask=24 nic=eth0",
                "pcs -f \"$CIB_file\" resource create httpd ocf:heartbeat:apache statusurl=http://127.0.0.1/server-status",
                "pcs -f \"$CIB_file\" constraint colocation add httpd with virtual_ip INFINITY id=my-own-colocation")));
    List<CibChange> changes =
        CibDiff.compute(OvdResources.desired(labSpec(), Optional.empty()), live());
    assertThat(changes)
        .extracting(CibChange::describe)
        .doesNotContain(
            "colocate httpd with virtual_ip", "create resource httpd (ocf:heartbeat:apache)")
        .contains("create resource lsyncd (systemd:lsyncd)");
  }

  @Test
  void aResourceWithTheRightIdButAnotherAgentIsAConflictNotADeletion() throws Exception {
    shell.runChecked(
        Command.change(
            "admin by hand", "pcs -f \"$CIB_file\" resource create httpd ocf:heartbeat:Dummy"));
    List<CibChange> changes =
        CibDiff.compute(OvdResources.desired(labSpec(), Optional.empty()), live());
    assertThat(changes)
        .filteredOn(c -> c instanceof CibChange.Conflict)
        .singleElement()
        .extracting(CibChange::describe)
        .asString()
        .contains("httpd", "ocf:heartbeat:Dummy", "ocf:heartbeat:apache");
  }

  @Test
  void pcs09SyntaxForTheGuidesRhel7AndUbuntu18Forms() {
    PcsVersion old = PcsVersion.parse("0.9.167");
    CibChange colo = new CibChange.AddColocation(new DesiredCib.Colocation("httpd", "virtual_ip"));
    assertThat(colo.pcsArgs(old))
        .containsExactly("constraint", "colocation", "add", "httpd", "virtual_ip", "INFINITY");
    assertThat(colo.pcsArgs(PcsVersion.parse("0.11.5")))
        .containsExactly(
            "constraint", "colocation", "add", "httpd", "with", "virtual_ip", "INFINITY");
  }

  @Test
  void ubuntu1604ApacheGetsItsConfigFile() {
    DesiredCib d = OvdResources.desired(labSpec(), Optional.of("/etc/apache2/apache2.conf"));
    assertThat(d.primitives())
        .filteredOn(p -> p.id().equals("httpd"))
        .singleElement()
        .extracting(DesiredCib.Primitive::attributes)
        .asString()
        .contains("configfile=/etc/apache2/apache2.conf");
  }
}
