package io.ovdfailover.e2e;

import io.ovdfailover.app.OperatorMain;
import io.ovdfailover.app.OperatorSettings;
import io.ovdfailover.steps.Checkpoint;
import io.ovdfailover.steps.Checkpoints;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The operator as its jar runs it, with checkpoints that stop the process dead (as {@code kill -9}
 * would) at the points {@value #ENV} names, e.g. {@code after-database-import}: the lab tests then
 * start a new operator and check that it resumes from what the hosts show. {@code Runtime.halt}
 * skips shutdown hooks on purpose: nothing gets to tidy up. Test code only: the production jar has
 * no way to halt itself.
 */
public final class CrashingOperator {
  static final String ENV = "OVD_CRASH_AT";
  private static final String PROGRAM = "ovd-failover-operator";

  private CrashingOperator() {}

  public static void main(String[] args) throws Exception {
    Set<String> armed =
        Arrays.stream(System.getenv().getOrDefault(ENV, "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Checkpoints halting =
        (Checkpoint point) -> {
          if (armed.contains(point.label())) {
            LoggerFactory.getLogger(CrashingOperator.class)
                .error("crash point {} reached: halting the process ({})", point.label(), ENV);
            System.out.flush();
            Runtime.getRuntime().halt(137);
          }
        };
    Optional<OperatorSettings> settings =
        OperatorMain.parseOrExit(
            PROGRAM,
            OperatorSettings.commandLine(),
            args,
            parsed -> OperatorSettings.of(parsed, System.getenv()));
    if (settings.isPresent()) {
      OperatorMain.useLogFormat(settings.get().logFormat());
      OperatorMain.runUntilStopped(PROGRAM, () -> OperatorMain.start(settings.get(), halting));
    }
  }
}
