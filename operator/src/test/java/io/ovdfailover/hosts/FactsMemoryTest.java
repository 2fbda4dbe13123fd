package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change stamps: the probe run for real on this machine (dash, dpkg, and crm_mon and cibadmin
 * reading a recorded CIB through {@code CIB_file}), twice, with the memory a connection keeps.
 */
class FactsMemoryTest {
  @TempDir Path tmp;

  /** A local shell that keeps a memory, as an SSH connection does, and records what it ran. */
  static final class RememberingShell implements HostShell {
    final LocalShell shell;
    final FactsMemory memory;
    final List<String> outputs = new ArrayList<>();
    Runnable beforeEachRun = () -> {};

    RememberingShell(Path cib, FactsMemory memory) {
      this.shell = new LocalShell("osm1", "sh", Map.of("CIB_file", cib.toString()));
      this.memory = memory;
    }

    @Override
    public String nodeName() {
      return "osm1";
    }

    @Override
    public Optional<FactsMemory> factsMemory() {
      return Optional.of(memory);
    }

    @Override
    public CommandResult run(Command command) throws HostException {
      beforeEachRun.run();
      CommandResult r = shell.run(command);
      outputs.add(r.stdout());
      return r;
    }

    /** The status of a section in the last answer, as its marker gives it. */
    String lastStatus(String section) {
      return FactsParser.splitSections(outputs.get(outputs.size() - 1)).get(section).status();
    }
  }

  private final AtomicLong clock = new AtomicLong();

  private Path cib(String fixture) throws Exception {
    Path cib = tmp.resolve("cib.xml");
    Files.writeString(cib, Fixtures.text(fixture));
    return cib;
  }

  private static FactsRequest request() {
    return Fixtures.guideRequest().withClusterState(true);
  }

  @Test
  void aSecondProbeAnswersUnmovedSectionsSameAndGivesTheSameFacts() throws Exception {
    RememberingShell shell =
        new RememberingShell(cib("cluster/cib-started.xml"), new FactsMemory(clock::get));

    HostFacts first = FactsProber.probeOne(shell, request());
    HostFacts second = FactsProber.probeOne(shell, request());

    assertThat(shell.outputs).hasSize(2);
    assertThat(shell.outputs.get(0)).doesNotContain(" same ");
    for (String s : List.of("dpkg", "rpm", "pcs", "crm_mon", "cib", "pub.0")) {
      assertThat(shell.lastStatus(s)).as(s).isEqualTo("same");
    }
    // crm_mon did not run and the CIB was not sent again
    assertThat(shell.outputs.get(1))
        .doesNotContain("<pacemaker-result")
        .doesNotContain("<configuration>");
    assertThat(second.packages()).isEqualTo(first.packages()).isNotEmpty();
    assertThat(second.pcs()).isEqualTo(first.pcs());
    assertThat(second.crmMon()).isEqualTo(first.crmMon()).isPresent();
    assertThat(second.cibXml()).isEqualTo(first.cibXml());
    assertThat(second.units()).isEqualTo(first.units());
  }

  @Test
  void aChangedCibIsReadAgainWithCrmMonAndThePackagesStaySame() throws Exception {
    Path cib = cib("cluster/cib-started.xml");
    RememberingShell shell = new RememberingShell(cib, new FactsMemory(clock::get));
    HostFacts first = FactsProber.probeOne(shell, request());
    assertThat(first.crmMon().orElseThrow().resource("httpd").orElseThrow().node())
        .contains("osm1.priv");

    // every change of the CIB raises its version (a status change: num_updates)
    String moved =
        Files.readString(cib).replaceFirst("num_updates=\"(\\d+)\"", "num_updates=\"9999\"");
    Files.writeString(cib, moved);
    FactsProber.probeOne(shell, request());

    assertThat(shell.lastStatus("cib")).startsWith("rc=");
    assertThat(shell.lastStatus("crm_mon")).startsWith("rc=");
    assertThat(shell.lastStatus("dpkg")).isEqualTo("same");
    assertThat(shell.outputs.get(1)).contains("<pacemaker-result").contains("num_updates=\"9999\"");
  }

  @Test
  void everythingIsReadInFullAgainAfterTenMinutesAndForAnotherPackageList() throws Exception {
    RememberingShell shell =
        new RememberingShell(cib("cluster/cib-started.xml"), new FactsMemory(clock::get));
    FactsProber.probeOne(shell, request());

    clock.addAndGet(FactsMemory.FULL_READ_EVERY.toNanos());
    FactsProber.probeOne(shell, request());
    assertThat(shell.lastStatus("dpkg")).startsWith("rc=");
    assertThat(shell.lastStatus("cib")).startsWith("rc=");

    FactsRequest more = request().plus(FactsRequest.ofPackages(List.of("ovd-no-such-package")));
    FactsProber.probeOne(shell, more);
    assertThat(shell.lastStatus("dpkg")).as("another package list").startsWith("rc=");
    assertThat(shell.lastStatus("cib")).as("the CIB's stamp holds").isEqualTo("same");
  }

  @Test
  void anAnswerTheMemoryForgotIsAskedAgainInFull() throws Exception {
    FactsMemory memory = new FactsMemory(clock::get);
    RememberingShell shell = new RememberingShell(cib("cluster/cib-started.xml"), memory);
    HostFacts first = FactsProber.probeOne(shell, request());

    // the stamps went out, then the memory was forgotten before the answer came back
    shell.beforeEachRun = memory::clear;
    HostFacts second = FactsProber.probeOne(shell, request());

    assertThat(shell.outputs).hasSize(3);
    assertThat(shell.lastStatus("dpkg")).startsWith("rc=");
    assertThat(second.packages()).isEqualTo(first.packages());
    assertThat(second.crmMon()).isEqualTo(first.crmMon());
  }

  @Test
  void publicAndMembershipFilesAreSameUntilOneOfThemIsWritten() throws Exception {
    Path key = Files.writeString(tmp.resolve("sync_rsa.pub"), "ssh-ed25519 AAAA one\n");
    Path absent = tmp.resolve("authorized_keys");
    FactsRequest request =
        Fixtures.guideRequest()
            .plus(FactsRequest.ofPublicFiles(List.of(key.toString(), absent.toString())))
            .withPacemakerState(true);
    RememberingShell shell =
        new RememberingShell(cib("cluster/cib-started.xml"), new FactsMemory(clock::get));

    HostFacts first = FactsProber.probeOne(shell, request);
    HostFacts second = FactsProber.probeOne(shell, request);
    assertThat(shell.lastStatus("pcm-corosync-conf")).isEqualTo("same");
    assertThat(shell.lastStatus("pcm-mark")).isEqualTo("same");
    assertThat(shell.outputs.get(1)).doesNotContain("ssh-ed25519");
    assertThat(second.publicFiles()).isEqualTo(first.publicFiles()).containsKey(key.toString());
    assertThat(second.pacemakerFiles()).isEqualTo(first.pacemakerFiles());

    Files.writeString(key, "ssh-ed25519 AAAA two\n");
    HostFacts third = FactsProber.probeOne(shell, request);
    assertThat(third.publicFiles().get(key.toString())).contains("two");

    Files.writeString(absent, "ssh-ed25519 AAAA three\n");
    HostFacts fourth = FactsProber.probeOne(shell, request);
    assertThat(fourth.publicFiles()).containsKey(absent.toString());
  }

  @Test
  void outputWithoutStampsKeepsNothing() {
    FactsMemory memory = new FactsMemory(clock::get);
    var sections =
        Map.of(
            "dpkg", new FactsParser.Section("dpkg", "rc=0", "bash\tinstall ok installed\t5.2"),
            "rpm", new FactsParser.Section("rpm", "missing", ""),
            "pcs", new FactsParser.Section("pcs", "missing", ""));

    memory.complete(request(), sections);

    assertThat(memory.stamps(request())).isEmpty();
  }
}
