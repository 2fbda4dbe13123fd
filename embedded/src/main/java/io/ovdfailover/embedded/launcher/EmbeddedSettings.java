package io.ovdfailover.embedded.launcher;

import io.ovdfailover.app.OperatorSettings;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
              "port of the embedded API server (plain http, loopback only; 0: any free port)"),
          new OperatorSettings.Option(
              "--kubeconfig-out",
              "OVD_EMBEDDED_KUBECONFIG",
              "target/embedded/kubeconfig.yaml",
              "where the kubeconfig for kubectl is written"));

  public static EmbeddedSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> own = new LinkedHashMap<>();
    for (OperatorSettings.Option o : OPTIONS) {
      own.put(o.flag(), env.getOrDefault(o.env(), o.defaultValue()));
    }
    List<String> operatorArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!own.containsKey(flag)) {
        operatorArgs.add(arg);
      } else if (arg.contains("=")) {
        own.put(flag, arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        own.put(flag, args[++i]);
      } else {
        throw new IllegalArgumentException(flag + " needs a value");
      }
    }
    // the launcher's defaults as environment defaults: a flag or a variable the user set still wins
    Map<String, String> operatorEnv = new HashMap<>(env);
    if (operatorEnv.getOrDefault("SSH_EGRESS", "").isBlank()) {
      operatorEnv.put("SSH_EGRESS", SSH_EGRESS);
    }
    operatorEnv.putIfAbsent("LEADER_ELECTION", "false");
    OperatorSettings operator =
        OperatorSettings.parse(operatorArgs.toArray(String[]::new), operatorEnv);
    if (operator.leaderElection()) {
      throw new IllegalArgumentException(
          "--leader-election is not available on the embedded API server (one process only)");
    }
    return new EmbeddedSettings(
        port(own.get("--embedded-port")), Path.of(own.get("--kubeconfig-out")), operator);
  }

  public static String usage() {
    return "Usage: java -jar ovd-failover-embedded.jar [options]\n\n"
        + "Runs the operator against an in-memory API server on 127.0.0.1 (no cluster needed).\n\n"
        + OperatorSettings.describe(OPTIONS)
        + "\nand the operator's options, with two defaults changed: --ssh-egress "
        + SSH_EGRESS
        + ", --leader-election false (true is refused)\n\n"
        + OperatorSettings.describe(OperatorSettings.OPTIONS);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--embedded-port must be a port number, not " + value);
    }
  }
}
