package io.ovdfailover.embedded.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.app.OperatorMain;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The operator without a cluster: starts the embedded API server on 127.0.0.1, installs the CRDs,
 * writes a kubeconfig for kubectl and runs the production operator on it. Nothing leaves the
 * loopback interface (health and metrics included), and everything is lost on exit.
 */
public final class EmbeddedMain {
  private static final String PROGRAM = "ovd-failover-embedded";

  private EmbeddedMain() {}

  public static void main(String[] args) throws Exception {
    Optional<EmbeddedSettings> settings =
        OperatorMain.parseOrExit(
            PROGRAM,
            EmbeddedSettings.commandLine(),
            args,
            parsed -> EmbeddedSettings.of(parsed, System.getenv()));
    if (settings.isPresent()) {
      OperatorMain.useLogFormat(settings.get().operator().logFormat());
      OperatorMain.runUntilStopped(PROGRAM, () -> start(settings.get(), System.out));
    }
  }

  /** What runs: the operator (which closes the client and the server after itself). */
  public record Running(OperatorMain.Running operator, EmbeddedApiServer server, Path kubeconfig)
      implements AutoCloseable {
    @Override
    public void close() {
      operator.close();
    }
  }

  public static Running start(EmbeddedSettings settings, PrintStream console) throws Exception {
    EmbeddedApiServer server = EmbeddedApiServer.start(settings.port());
    KubernetesClient client = null;
    try {
      client = server.newClient();
      CrdManifests.install(client);
      Path kubeconfig = server.writeKubeconfig(settings.kubeconfigOut());
      LoggerFactory.getLogger(EmbeddedMain.class)
          .info(
              "embedded API server on {} (in memory, no authentication), CRDs installed, kubeconfig {}",
              server.url(),
              kubeconfig);
      OperatorMain.Running operator =
          OperatorMain.start(client, settings.operator(), InetAddress.getLoopbackAddress());
      operator.closeLast(client);
      operator.closeLast(server);
      Running running = new Running(operator, server, kubeconfig);
      printTryIt(console, running);
      return running;
    } catch (Exception | Error e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }

  private static void printTryIt(PrintStream console, Running running) {
    console.println();
    console.println(
        "The operator runs against an embedded API server at "
            + running.server().url()
            + " (in memory, no authentication, lost on exit).");
    console.println("Try it from the project directory in another shell:");
    console.println();
    console.println("  export KUBECONFIG=" + running.kubeconfig());
    console.println("  kubectl apply --validate=false -f deploy/samples/lab/");
    console.println("  kubectl get ovdclusters -o wide");
    console.println("  kubectl get ovdnodes");
    console.println("  kubectl describe ovdcluster lab");
    console.println(
        "  curl -s http://127.0.0.1:"
            + running.operator().metrics().port()
            + "/metrics | grep operator_sdk");
    console.println();
    console.println("Stop with Ctrl-C.");
    console.flush();
  }
}
