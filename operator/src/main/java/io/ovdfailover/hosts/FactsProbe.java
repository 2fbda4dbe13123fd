package io.ovdfailover.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The facts probe: one POSIX sh script ({@code facts-probe.sh}, beside this class) (dash and bash;
 * Debian and RHEL families) that prints, in sections, everything a reconcile needs from a node. It
 * is read-only, makes no network call (no pcs command that talks to pcsd: {@code crm_mon} and
 * {@code cibadmin} only read the local CIB), bounds every tool that could block with {@code
 * timeout}, and tolerates missing tools: a bare node without pacemaker still answers.
 *
 * <p>Output: a header line {@code @@ovd-facts 1 <token> uid=<n>}, then sections, each opened by
 * {@code @@<token> <name> <status>} where status is {@code ok}, {@code rc=<exit code>}, {@code
 * missing} (tool not installed) or {@code file} (pcs capabilities read from pcsd's capabilities.xml
 * instead of running pcs), and a final {@code @@<token> end ok}. The token is random per probe, so
 * no file content we print (such as /etc/hosts) can forge a section marker; a missing end marker
 * means the output was cut short.
 */
public final class FactsProbe {
  public static final String HEADER = "@@ovd-facts";
  public static final int FORMAT_VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The probe's text, a file beside this class so that it can be read and checked as a shell
   * script; its inputs (token, packages, units, paths, ...) are assigned in front of it.
   */
  static final String SCRIPT_RESOURCE = "facts-probe.sh";

  private static final String SCRIPT = load(SCRIPT_RESOURCE);

  /** The script's inputs that carry change stamps back ({@link FactsMemory.Group}). */
  private static final java.util.List<String> STAMP_INPUTS =
      java.util.Arrays.stream(FactsMemory.Group.values()).map(g -> g.input).toList();

  private FactsProbe() {}

  /** The probe as the one read-only command to run on a node. */
  public static Command command(FactsRequest request) {
    return command(request, Map.of());
  }

  /**
   * The probe with the change stamps of the node's last answers ({@link FactsMemory#stamps}): the
   * sections whose stamp has not moved are answered {@code same}.
   */
  public static Command command(FactsRequest request, Map<String, String> stamps) {
    return Command.read("gather host facts", script(request, newToken(), stamps));
  }

  public static String newToken() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static String script(FactsRequest request, String token) {
    return script(request, token, Map.of());
  }

  public static String script(FactsRequest request, String token, Map<String, String> stamps) {
    if (!token.matches("[0-9a-f]{8,64}")) {
      throw new IllegalArgumentException("token must be lowercase hex");
    }
    StringBuilder s = new StringBuilder();
    input(s, "T", token);
    input(s, "PKGS", String.join(" ", request.packages()));
    input(s, "UNITS", String.join(" ", request.units()));
    input(s, "PATHS", String.join("\n", request.paths()));
    input(s, "LINES", String.join("\n", request.lines().stream().map(FactsProbe::line).toList()));
    input(s, "PUBLIC", String.join("\n", request.publicFiles()));
    input(s, "STAMPS", String.join("\n", request.stamps()));
    input(s, "TAILS", String.join("\n", request.tails()));
    input(s, "TAILN", Integer.toString(FactsRequest.TAIL_LINES));
    input(s, "MARK", PacemakerNodeFiles.MARK_PATH);
    input(s, "PACEMAKER", request.pacemakerState() ? "1" : "");
    input(s, "CLUSTER", request.clusterState() ? "1" : "");
    for (String k : STAMP_INPUTS) {
      input(s, k, stamps.getOrDefault(k, ""));
    }
    return s.append(SCRIPT).toString();
  }

  /** A line query as the script reads it: path, line and prefix separated by tabs. */
  private static String line(LineQuery q) {
    return q.path() + '\t' + q.line() + (q.prefix().isEmpty() ? "" : "\t" + q.prefix());
  }

  private static void input(StringBuilder s, String name, String value) {
    s.append(name).append('=').append(ShellQuote.quote(value)).append('\n');
  }

  private static String load(String resource) {
    try (InputStream in = FactsProbe.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
