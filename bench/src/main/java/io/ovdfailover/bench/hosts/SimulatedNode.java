package io.ovdfailover.bench.hosts;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Optional;

/**
 * One simulated host: where it listens, its own host key, and what it answers. A converged lab
 * node: the facts probe is answered from its recording, {@code crm_mon} from the recorded cluster
 * XML, the database check's reads from {@link DatabaseAnswers}; anything else is refused as a
 * command the simulation does not know (and counted, see {@link Traffic}).
 *
 * @param key namespace/ClusterNode name, for reports
 * @param port its loopback port
 * @param hostKey the key it proves itself with; the ClusterNode pins its public half
 * @param facts what the node's facts probe printed on the lab
 * @param cluster the recorded view of its cluster (crm_mon and CIB XML)
 * @param database the answers of the database check's reads
 */
public record SimulatedNode(
    String key,
    int port,
    KeyPair hostKey,
    RecordedFacts facts,
    RecordedCluster cluster,
    DatabaseAnswers database) {

  /** What a command printed and its exit status. */
  public record Reply(byte[] stdout, byte[] stderr, int exit) {
    static Reply of(String stdout, int exit) {
      return new Reply(stdout.getBytes(StandardCharsets.UTF_8), new byte[0], exit);
    }

    static Reply failed(String stderr, int exit) {
      return new Reply(new byte[0], stderr.getBytes(StandardCharsets.UTF_8), exit);
    }
  }

  /**
   * The glance the operator sends every few seconds (HostDriver.GLANCE): the operator's own script,
   * not a copy, so that the benchmark follows it when it changes.
   */
  static final String GLANCE = io.ovdfailover.hosts.CrmMonParser.XML_SCRIPT.strip();

  /**
   * Answers one command.
   *
   * @param script the script inside the exec request ({@link ExecLine})
   * @param stdin what the operator wrote to the command's stdin (empty for most commands)
   */
  public Reply answer(String script, String stdin, Traffic traffic) {
    Optional<ProbeInputs> probe = ProbeInputs.of(script);
    if (probe.isPresent()) {
      RecordedFacts.Answer a = facts.answer(probe.get(), cluster.crmMon(), cluster.cib());
      traffic.factsProbe(key, a.unrecorded());
      return Reply.of(a.output(), 0);
    }
    if (script.strip().equals(GLANCE)) {
      traffic.glance();
      return facts.pacemakerNode()
          ? new Reply(cluster.crmMonBytes(), new byte[0], 0)
          : Reply.failed("sh: 1: crm_mon: not found\n", 127);
    }
    Optional<DatabaseAnswers.Reply> db = database.answer(script, stdin);
    if (db.isPresent()) {
      traffic.databaseRead();
      return Reply.of(db.get().stdout(), db.get().exit());
    }
    traffic.unknown(key, script);
    return Reply.failed("simulated host " + key + ": this command is not simulated\n", 127);
  }
}
