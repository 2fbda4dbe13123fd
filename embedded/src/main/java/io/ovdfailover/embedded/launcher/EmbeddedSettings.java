package io.ovdfailover.embedded.launcher;

import io.ovdfailover.app.OperatorSettings;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The launcher's own settings (the API server's port, where the kubeconfig goes) and the
 * operator's, which it takes as they are except for two defaults: SSH stays on loopback and the
 * lab, and there is no leader election (one process, one in-memory API server).
 */
public record EmbeddedSettings(int port, Path kubeconfigOut, OperatorSettings operator) {

  /**
   * Where SSH may go unless told otherwise: loopback, and the project's lab only through its own
   * veth, so that a sample pointing at the lab never leaves through the default route.
   */
  public static final String SSH_EGRESS = "127.0.0.0/8,198.18.0.0/24@ovdlab0";

  public static final List<OperatorSettings.Option> OPTIONS =
      List.of(
          new OperatorSettings.Option(
              "--embedded-port",
              "OVD_EMBEDDED_PORT",
              String.valueOf(EmbeddedApiServer.DEFAULT_PORT),
              "PORT",
              "port of the embedded API server (plain http, loopback only; 0: any free port)"),
          new OperatorSettings.Option(
              "--kubeconfig-out",
              "OVD_EMBEDDED_KUBECONFIG",
              "target/embedded/kubeconfig.yaml",
              "FILE",
              "where the kubeconfig for kubectl is written"));

  /** The launcher's command line: its options, then the operator's. */
  public static CommandLine commandLine() {
    return OperatorSettings.commandLine(
        "ovd-failover-embedded.jar",
        List.of(
            "Runs the operator against an in-memory API server on 127.0.0.1 (no cluster needed).",
            "Each option falls back on its environment variable, then on its default; two of the"
                + " operator's defaults differ here:",
            "  --ssh-egress " + SSH_EGRESS,
            "  --leader-election false (true is refused: one process, one in-memory API server)"),
        Stream.concat(OPTIONS.stream(), OperatorSettings.OPTIONS.stream()).toList());
  }

  public static EmbeddedSettings parse(String[] args, Map<String, String> env) {
    return of(OperatorSettings.parse(commandLine(), args), env);
  }

  /** The settings of a parsed {@link #commandLine()} and this environment. */
  public static EmbeddedSettings of(ParseResult parsed, Map<String, String> env) {
    Map<String, String> own = OperatorSettings.values(parsed, OPTIONS, env);
    // the launcher's defaults as environment defaults: a flag or a variable the user set still wins
    Map<String, String> operatorEnv = new HashMap<>(env);
    if (operatorEnv.getOrDefault("SSH_EGRESS", "").isBlank()) {
      operatorEnv.put("SSH_EGRESS", SSH_EGRESS);
    }
    operatorEnv.putIfAbsent("LEADER_ELECTION", "false");
    OperatorSettings operator = OperatorSettings.of(parsed, operatorEnv);
    if (operator.leaderElection()) {
      throw new IllegalArgumentException(
          "--leader-election is not available on the embedded API server (one process only)");
    }
    return new EmbeddedSettings(
        OperatorSettings.port("--embedded-port", own.get("--embedded-port")),
        Path.of(own.get("--kubeconfig-out")),
        operator);
  }

  /** The launcher's --help. */
  public static String usage() {
    return commandLine().getUsageMessage();
  }
}
