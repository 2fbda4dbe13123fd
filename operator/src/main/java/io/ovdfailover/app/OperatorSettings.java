package io.ovdfailover.app;

import io.ovdfailover.controller.ReconcileSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The operator's configuration: every setting is an environment variable (for the Deployment) with
 * a matching command-line flag (for people); a flag wins over the variable. Durations are {@code
 * 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). picocli reads the command line (and
 * writes {@code --help} and {@code --version}); the table {@link #OPTIONS} says which flags there
 * are, their variables and defaults.
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    int metricsPort,
    OptionalInt healthPort,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    ReconcileSettings reconcile,
    String logFormat,
    boolean driveHosts,
    String sshEgress) {

  /** One setting: flag, environment variable, default, the value's name in --help, help. */
  public record Option(String flag, String env, String defaultValue, String label, String help) {
    /**
     * The flag as picocli parses it: one value, except the switches, which may be given bare for
     * true ({@code --drive-hosts}); values stay text, read below (as the variables are).
     */
    OptionSpec spec() {
      OptionSpec.Builder option =
          OptionSpec.builder(flag)
              .type(String.class)
              .paramLabel(label)
              .description(
                  help,
                  "env: " + env + ", default: " + (defaultValue.isEmpty() ? "none" : defaultValue));
      return (SWITCHES.contains(flag) ? option.arity("0..1").fallbackValue("true") : option)
          .build();
    }
  }

  public static final List<Option> OPTIONS =
      List.of(
          new Option(
              "--watch-namespaces",
              "WATCH_NAMESPACES",
              "",
              "NS[,NS...]",
              "comma-separated namespaces to watch; empty means all namespaces"),
          new Option(
              "--metrics-port",
              "METRICS_PORT",
              "8080",
              "PORT",
              "port of /metrics, and of /healthz and /readyz unless --health-port is set (0: any free"
                  + " port)"),
          new Option(
              "--health-port",
              "HEALTH_PORT",
              "",
              "PORT",
              "port of /healthz and /readyz apart from /metrics, e.g. to expose only the metrics"
                  + " through a Service or a NetworkPolicy (0: any free port); empty or the metrics"
                  + " port: the metrics port serves them too"),
          new Option(
              "--leader-election",
              "LEADER_ELECTION",
              "auto",
              "true|false|auto",
              "true, false or auto (on when running in a cluster, off outside a cluster); bare: true"),
          new Option(
              "--lease-name",
              "LEASE_NAME",
              "ovd-failover-operator",
              "NAME",
              "name of the leader-election Lease"),
          new Option(
              "--lease-namespace",
              "LEASE_NAMESPACE",
              "",
              "NAMESPACE",
              "namespace of the Lease; default: the operator's own namespace (POD_NAMESPACE or the service account's)"),
          new Option(
              "--observe-interval",
              "OBSERVE_INTERVAL",
              "60s",
              "DURATION",
              "how often each resource is reconciled when nothing changes in Kubernetes"),
          new Option(
              "--watch-interval",
              "WATCH_INTERVAL",
              "5s",
              "DURATION",
              "how often a formed cluster's state is glanced at (one crm_mon on one node) to notice failovers at once"),
          new Option(
              "--retry-interval",
              "RETRY_INTERVAL",
              "30s",
              "DURATION",
              "pace of retries of transient errors once JOSDK's back-off is used up"),
          new Option(
              "--log-format",
              "LOG_FORMAT",
              "text",
              "text|json",
              "text or json (logback's JsonEncoder)"),
          new Option(
              "--drive-hosts",
              "DRIVE_HOSTS",
              "true",
              "true|false",
              "run the guide on the hosts over SSH; false: only report the topology, never connect to a"
                  + " host; bare: true"),
          new Option(
              "--ssh-egress",
              "SSH_EGRESS",
              "",
              "CIDR[,CIDR...][@IF]",
              "where SSH may connect: comma-separated CIDRs, optionally @interface the route must use (e.g. "
                  + "10.0.0.0/8@eth1); empty: anywhere"));

  /** Columns of --help: the option texts are long, the default 80 wraps most. */
  private static final int USAGE_WIDTH = 110;

  /** The flags that may be given without a value, meaning true. */
  private static final Set<String> SWITCHES = Set.of("--leader-election", "--drive-hosts");

  /**
   * The options of the embedded launcher (module {@code embedded}), which the production jar does
   * not have: named in the error so that an old command line says where they went.
   */
  private static final Set<String> EMBEDDED_ONLY =
      Set.of("--embedded", "--embedded-port", "--kubeconfig-out");

  private static final Path SERVICE_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** The production jar's command line. */
  public static CommandLine commandLine() {
    return commandLine(
        "ovd-failover-operator.jar",
        List.of(
            "Runs the operator against the cluster the kubeconfig, the service account or the"
                + " environment names.",
            "Each option falls back on its environment variable, then on its default."),
        OPTIONS);
  }

  /**
   * A command line of these options, with {@code -h/--help} and {@code -V/--version}; text values
   * (see {@link #values}), the last of a repeated flag winning, no {@code @file} expansion (an
   * {@code --ssh-egress} may start with {@code @}).
   */
  public static CommandLine commandLine(
      String jar, List<String> description, List<Option> options) {
    CommandSpec spec =
        CommandSpec.create()
            .name("java -jar " + jar)
            .version(jar.replaceFirst("\\.jar$", "") + " " + version())
            .mixinStandardHelpOptions(true);
    spec.usageMessage()
        .width(USAGE_WIDTH)
        .customSynopsis("java -jar " + jar + " [options]", "")
        .description(description.toArray(String[]::new))
        .sortOptions(false);
    options.forEach(o -> spec.addOption(o.spec()));
    return new CommandLine(spec).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
  }

  /** The jar's version (its manifest's Implementation-Version), or what runs without one. */
  static String version() {
    String version = OperatorSettings.class.getPackage().getImplementationVersion();
    return version == null ? "(not from a jar: no version)" : version;
  }

  /**
   * picocli's parse of {@code args}; a mistake (unknown option, missing value) as an
   * IllegalArgumentException with picocli's message.
   */
  public static ParseResult parse(CommandLine commandLine, String[] args) {
    try {
      return commandLine.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      for (String arg : e.getUnmatched()) {
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (EMBEDDED_ONLY.contains(flag)) {
          throw new IllegalArgumentException(
              flag
                  + " belongs to the embedded launcher, not to the production jar: run java -jar"
                  + " embedded/target/ovd-failover-embedded.jar (see docs/embedded.md)",
              e);
        }
      }
      List<String> near = e.getSuggestions();
      throw new IllegalArgumentException(
          e.getMessage()
              + (near.isEmpty() ? "" : ": did you mean " + String.join(" or ", near) + "?")
              + " (see --help)",
          e);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + " (see --help)", e);
    }
  }

  /**
   * The text of each of {@code options}: its flag if given, else its environment variable, else its
   * default.
   */
  public static Map<String, String> values(
      ParseResult parsed, List<Option> options, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : options) {
      values.put(
          o.flag(),
          parsed.hasMatchedOption(o.flag())
              ? parsed.matchedOptionValue(o.flag(), "")
              : env.getOrDefault(o.env(), o.defaultValue()));
    }
    return values;
  }

  /** The settings of the production jar's command line and this environment. */
  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    return of(parse(commandLine(), args), env);
  }

  /**
   * The settings of a parsed command line that has {@link #OPTIONS} (and maybe others), and this
   * environment.
   */
  public static OperatorSettings of(ParseResult parsed, Map<String, String> env) {
    Map<String, String> values = values(parsed, OPTIONS, env);
    boolean inCluster =
        env.containsKey("KUBERNETES_SERVICE_HOST")
            && Files.exists(SERVICE_ACCOUNT.resolve("token"));
    String election = values.get("--leader-election").toLowerCase(Locale.ROOT);
    boolean leaderElection =
        election.equals("auto") ? inCluster : bool("--leader-election", election);
    String leaseNamespace = values.get("--lease-namespace");
    if (leaseNamespace.isBlank()) {
      leaseNamespace = env.getOrDefault("POD_NAMESPACE", ownNamespace());
    }
    String logFormat = values.get("--log-format").toLowerCase(Locale.ROOT);
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new IllegalArgumentException("--log-format must be text or json, not " + logFormat);
    }
    return new OperatorSettings(
        namespaces(values.get("--watch-namespaces")),
        port("--metrics-port", values),
        healthPort(values),
        leaderElection,
        values.get("--lease-name"),
        leaseNamespace,
        new ReconcileSettings(
            duration("--observe-interval", values),
            duration("--retry-interval", values),
            duration("--watch-interval", values)),
        logFormat,
        bool("--drive-hosts", values.get("--drive-hosts")),
        values.get("--ssh-egress").strip());
  }

  /** The production jar's --help. */
  public static String usage() {
    return commandLine().getUsageMessage();
  }

  private static String ownNamespace() {
    try {
      return Files.readString(SERVICE_ACCOUNT.resolve("namespace")).trim();
    } catch (Exception e) {
      return "";
    }
  }

  private static boolean bool(String flag, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default -> throw new IllegalArgumentException(flag + " must be true or false, not " + value);
    };
  }

  private static int port(String flag, Map<String, String> values) {
    return port(flag, values.get(flag));
  }

  /** A port number 0-65535, or an error naming the flag. */
  public static int port(String flag, String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a port number, not " + value);
    }
  }

  /**
   * Empty when the metrics port serves health too: not set, or set to the same non-zero port (two
   * servers cannot listen there). 0 still means a port of its own, any free one.
   */
  private static OptionalInt healthPort(Map<String, String> values) {
    if (values.get("--health-port").isBlank()) {
      return OptionalInt.empty();
    }
    int health = port("--health-port", values);
    int metrics = port("--metrics-port", values);
    return health != 0 && health == metrics ? OptionalInt.empty() : OptionalInt.of(health);
  }

  private static Set<String> namespaces(String value) {
    Set<String> namespaces = new LinkedHashSet<>();
    Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(namespaces::add);
    return namespaces;
  }

  private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

  static Duration duration(String flag, Map<String, String> values) {
    String value = values.get(flag).trim();
    Matcher m = SIMPLE_DURATION.matcher(value);
    try {
      Duration d;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
      } else {
        d = Duration.parse(value);
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(flag + " must be positive");
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          flag + " must be a duration like 30s, 5m or PT1M, not " + value);
    }
  }

  /** The SSH egress guard {@code --ssh-egress} describes. */
  public io.ovdfailover.hosts.ssh.EgressGuard egressGuard() {
    if (sshEgress.isBlank()) {
      return io.ovdfailover.hosts.ssh.EgressGuard.none();
    }
    int at = sshEgress.indexOf('@');
    return at < 0
        ? io.ovdfailover.hosts.ssh.EgressGuard.of(sshEgress, null)
        : io.ovdfailover.hosts.ssh.EgressGuard.of(
            sshEgress.substring(0, at), sshEgress.substring(at + 1));
  }
}
