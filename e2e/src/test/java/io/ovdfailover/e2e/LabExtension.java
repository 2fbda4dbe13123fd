package io.ovdfailover.e2e;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings the lab up once per test run ({@code e2e/lab up}) and tears it down when the run ends,
 * unless {@code OVD_LAB_KEEP=1}. Test classes use {@code @ExtendWith(LabExtension.class)} and take
 * a {@link Lab} parameter.
 *
 * <p>The lab needs root and a working systemd-nspawn. Without them the tests fail with a clear
 * message: lab tests are skipped only when {@code OVD_LAB=skip} is set explicitly.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {

  /**
   * Suites whose caches the run builds in the background once its own lab is up (the pom sets it
   * when the runs on the other suites follow).
   */
  static final String PREBUILD_PROPERTY = "lab.prebuild";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    if ("skip".equals(System.getenv("OVD_LAB"))) {
      System.out.println("OVD_LAB=skip: " + context.getDisplayName() + " skipped on request");
      Assumptions.abort("OVD_LAB=skip: lab tests skipped on request");
    }
    lab(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return lab(c);
  }

  static Lab lab(ExtensionContext context) {
    // root store: one lab per test run, closed (torn down) when the run ends
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(RunningLab.class, k -> RunningLab.start(), RunningLab.class)
        .lab;
  }

  /** The lab for this run; JUnit closes it after the last test. */
  static final class RunningLab implements AutoCloseable {
    final Lab lab;

    private RunningLab(Lab lab) {
      this.lab = lab;
    }

    static RunningLab start() {
      requireRoot();
      Lab lab = new Lab(Lab.locateScript());
      List<String> phases = lab.up();
      System.out.println("lab up (" + lab.suite() + "): " + String.join(", ", phases));
      lab.prebuild(
          Arrays.stream(
                  // only the default run builds ahead: the runs on other suites set lab.suite
                  Boolean.getBoolean("lab.otherSuites.skip")
                          || !System.getProperty(Lab.SUITE_PROPERTY, "").isBlank()
                      ? new String[0]
                      : System.getProperty(PREBUILD_PROPERTY, "").split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty() && !s.equals(lab.suite()))
              .toList(),
          Path.of("target", "lab-prebuild.log"));
      return new RunningLab(lab);
    }

    private static void requireRoot() {
      Lab.Result id =
          Lab.Processes.run(List.of("id", "-u"), java.time.Duration.ofSeconds(10), null);
      if (!"0".equals(id.stdout().strip())) {
        throw new IllegalStateException(
            "The e2e lab needs root (network namespaces, mounts, systemd-nspawn); "
                + "this run has uid "
                + id.stdout().strip()
                + ". Run as root, or set OVD_LAB=skip to skip the lab tests explicitly.");
      }
    }

    @Override
    public void close() {
      if ("1".equals(System.getenv("OVD_LAB_KEEP"))) {
        System.out.println("OVD_LAB_KEEP=1: lab left running (e2e/lab down to stop it)");
        return;
      }
      lab.down();
    }
  }
}
