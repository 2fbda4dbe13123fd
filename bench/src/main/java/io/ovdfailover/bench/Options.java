package io.ovdfailover.bench;

import io.ovdfailover.app.OperatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's command line, as picocli parses it ({@link Flags}): {@code --name=value} or
 * {@code --name value} each, {@code --help} for the usage.
 *
 * @param repo the repository's top directory
 * @param clusters labs in the loaded run
 * @param duration how long the loaded run is measured once every cluster is Ready
 * @param idle how long the one-cluster run is measured; zero skips it
 * @param sample time between two samples
 * @param suite the recordings the hosts answer with (a directory under
 *     operator/src/test/resources/facts)
 * @param out where the results go
 * @param readyTimeout how long to wait for every cluster to be Ready before measuring anyway
 * @param operatorJvm JVM options added after the chart's (space-separated), to try other settings
 * @param operatorEnv environment variables added to the chart's ({@code K=V,K=V}), to try other
 *     settings
 * @param diagnostics after the measurement, a class histogram and a thread dump of the operator
 *     (jcmd; a few seconds each)
 */
record Options(
    Path repo,
    int clusters,
    Duration duration,
    Duration idle,
    Duration sample,
    String suite,
    Path out,
    Duration readyTimeout,
    List<String> operatorJvm,
    Map<String, String> operatorEnv,
    boolean diagnostics) {

  /** The flags; picocli fills the fields, {@link #options()} makes the record of them. */
  @Command(
      name = "Bench100",
      sortOptions = false,
      usageHelpWidth = 110,
      description = {
        "Runs the production operator jar against the embedded API server and simulated hosts and"
            + " measures it (see docs/performance.md).",
        "Durations: 30s, 10m, 1h, 500ms, or plain seconds."
      })
  static final class Flags {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "print this usage and exit")
    boolean help;

    @Option(
        names = "--repo",
        paramLabel = "DIR",
        description = "the repository's top directory (default: ${DEFAULT-VALUE})")
    Path repo = Path.of(".");

    @Option(
        names = "--clusters",
        paramLabel = "N",
        description = "labs in the loaded run (default: ${DEFAULT-VALUE})")
    int clusters = 100;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description =
            "how long the loaded run is measured once every cluster is Ready (default: 2m)")
    Duration duration = Duration.ofMinutes(2);

    @Option(
        names = "--idle",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "how long the one-cluster run is measured; 0 skips it (default: 1m)")
    Duration idle = Duration.ofMinutes(1);

    @Option(
        names = "--sample",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "time between two samples (default: 10s)")
    Duration sample = Duration.ofSeconds(10);

    @Option(
        names = "--suite",
        paramLabel = "SUITE",
        description =
            "the recordings the hosts answer with, a directory under"
                + " operator/src/test/resources/facts (default: ${DEFAULT-VALUE})")
    String suite = "debian-13-lab";

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "where the results go (default: bench/target/bench100 in --repo)")
    Path out;

    @Option(
        names = "--ready-timeout",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description =
            "how long to wait for every cluster to be Ready before measuring anyway (default: 10m)")
    Duration readyTimeout = Duration.ofMinutes(10);

    @Option(
        names = "--operator-jvm",
        paramLabel = "OPTIONS",
        description =
            "JVM options added after the chart's, space-separated, to try other settings (default:"
                + " none)")
    String operatorJvm = "";

    @Option(
        names = "--operator-env",
        paramLabel = "K=V[,K=V...]",
        description =
            "environment variables added to the chart's, to try other settings (default: none)")
    String operatorEnv = "";

    @Option(
        names = "--diagnostics",
        paramLabel = "true|false",
        arity = "0..1",
        fallbackValue = "true",
        description =
            "after the measurement, a class histogram and a thread dump of the operator (jcmd; a"
                + " few seconds each); bare: true (default: ${DEFAULT-VALUE})")
    boolean diagnostics = true;

    /**
     * {@code K=V,K=V} as a map; blank (the pom's default) is none. A string rather than picocli's
     * map so that the pom can always pass the flag.
     */
    static Map<String, String> environment(String list) {
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : list.split(",")) {
        if (kv.isBlank()) continue;
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new CommandLine.ParameterException(
              new CommandLine(new Flags()), "--operator-env: '" + kv + "' is not K=V");
        }
        env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
      }
      return env;
    }

    /** The record of the parsed flags; relative paths against the working directory. */
    Options options() {
      Path top = repo.toAbsolutePath().normalize();
      return new Options(
          top,
          clusters,
          duration,
          idle,
          sample,
          suite,
          out == null ? top.resolve("bench/target/bench100") : out.toAbsolutePath(),
          readyTimeout,
          Arrays.stream(operatorJvm.split(" ")).filter(s -> !s.isBlank()).toList(),
          environment(operatorEnv),
          diagnostics);
    }
  }

  /** A fresh command line: picocli keeps the parsed values in its {@link Flags}. */
  static CommandLine commandLine() {
    return new CommandLine(new Flags()).setExpandAtFiles(false);
  }

  /** The options of a command line {@link #commandLine()} has parsed. */
  static Options of(CommandLine commandLine) {
    return commandLine.<Flags>getCommand().options();
  }

  /**
   * The options of {@code args}; a mistake (unknown option, bad value) as an
   * IllegalArgumentException naming the option.
   */
  static Options parse(String[] args) {
    CommandLine commandLine = commandLine();
    OperatorSettings.parse(commandLine, args);
    return of(commandLine);
  }

  /** 30s, 10m, 1h, 500ms, or plain seconds. */
  static Duration duration(String v) {
    String s = v.strip();
    if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
    return Duration.ofSeconds(Long.parseLong(s));
  }

  /** {@link #duration} for picocli, which names the option in its message. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return duration(value);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration like 30s, 10m, 1h, 500ms or plain seconds");
      }
    }
  }
}
