package io.ovdfailover.steps;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Named points where the lab tests stop the operator process dead (as {@code kill -9} would) to
 * prove that a restarted operator resumes from what the hosts show. Inert unless the environment
 * variable {@value #ENV} lists the point: production never sets it. {@code Runtime.halt} skips
 * shutdown hooks on purpose: nothing gets to tidy up.
 */
public final class CrashPoint {
  public static final String ENV = "OVD_CRASH_AT";

  /**
   * Chapter III: the dump is imported and every table's row count verified; the configuration is
   * not switched yet.
   */
  public static final String AFTER_DATABASE_IMPORT = "after-database-import";

  /** Chapter VI: the cluster is set up and started; no OVD resource exists yet. */
  public static final String BEFORE_RESOURCES = "before-resources";

  /** Chapter VI: the resources and constraints are in the CIB; osm2 has not joined yet. */
  public static final String AFTER_RESOURCES = "after-resources";

  /** Chapter VII: a requested failover test is recorded Running in status; nothing is moved yet. */
  public static final String FAILOVER_TEST_RECORDED = "failover-test-recorded";

  private static final Set<String> ARMED =
      Arrays.stream(System.getenv().getOrDefault(ENV, "").split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .collect(Collectors.toUnmodifiableSet());

  private CrashPoint() {}

  public static void reached(String point) {
    if (ARMED.contains(point)) {
      LoggerFactory.getLogger(CrashPoint.class)
          .error("crash point {} reached: halting the process ({})", point, ENV);
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
