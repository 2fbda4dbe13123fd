package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.PathState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A file the guide tells an admin to write and the operator also manages (cluster-vip-src's unit
 * and settings, lsyncd's configuration). Where the operator wrote it (its content carries {@link
 * #marker}) or where it is missing, this is a plain {@link FileStep}. Where somebody else wrote it,
 * the file is compared by meaning ({@link #meaning}: comments, blank lines and spacing do not
 * count), and:
 *
 * <ul>
 *   <li>the same meaning: {@link Finding.Disposition#Equivalent}, left as it is;
 *   <li>a known earlier form ({@link #predecessor}, e.g. the guide's unit without the operator's
 *       guard rule): {@link Finding.Disposition#Updated}, rewritten with the reason in the plan;
 *   <li>any other meaning: {@link #onDifference} decides: kept as the site's and reported, or
 *       rewritten because its values come from the spec (when that interrupts a service the node
 *       runs, the change is a downtime row).
 * </ul>
 *
 * The live content is read from the probe's public files: these files hold no secret.
 */
public record SiteFileStep(
    FileStep file,
    String marker,
    UnaryOperator<String> meaning,
    Optional<Predecessor> predecessor,
    OnDifference onDifference,
    Optional<Command> downtimeWrapper)
    implements Step {

  /**
   * An earlier form of the file the operator brings to its own.
   *
   * @param content the earlier form (compared by meaning)
   * @param why why the operator's form replaces it, and what the rewrite does to a running service
   */
  public record Predecessor(String content, String why) {}

  /** What to do with a file of another meaning that the operator did not write. */
  public enum OnDifference {
    /** The site's choices (lsyncd's excludes): kept as they are and reported. */
    KEEP,
    /** Values the spec owns: rewritten; see {@link SiteFileStep#downtimeWrapper}. */
    APPLY
  }

  /**
   * @param downtimeWrapper for {@link OnDifference#APPLY}, when the rewrite interrupts a service on
   *     this node (cluster-vip-src's settings under its running rule): a command whose script has
   *     {@code __WRITE__} where the write goes, run as a downtime action; empty when the rewrite
   *     alone is harmless
   */
  public SiteFileStep {
    if (downtimeWrapper.isPresent() && !downtimeWrapper.get().script().contains(WRITE)) {
      throw new IllegalArgumentException("the wrapper must contain " + WRITE);
    }
  }

  /** Where the write goes in a downtime wrapper's script. */
  public static final String WRITE = "__WRITE__";

  @Override
  public String name() {
    return file.name();
  }

  @Override
  public FactsRequest probes() {
    return file.probes().plus(FactsRequest.ofPublicFiles(List.of(file.path())));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    Optional<Finding> finding = decide(node);
    if (finding.isEmpty()) {
      return file.changes(node);
    }
    Finding f = finding.get();
    return switch (f.disposition()) {
      case Equivalent, Kept -> ownerAndMode(node);
      case Updated -> relabel(file.changes(node), f.message());
      case NeedsDowntime -> wrapped(node, f.message());
    };
  }

  @Override
  public boolean downtime(NodeContext node) {
    return decide(node)
        .map(f -> f.disposition() == Finding.Disposition.NeedsDowntime)
        .orElse(false);
  }

  @Override
  public List<Finding> findings(NodeContext node) {
    return decide(node).map(List::of).orElse(List.of());
  }

  /** Empty when the operator treats the file as its own (missing, written by it, or the same). */
  private Optional<Finding> decide(NodeContext node) {
    PathState state = node.facts().path(file.path());
    if (!(state instanceof PathState.RegularFile f)
        || f.sha256().equals(FileStep.sha256(file.content()))) {
      return Optional.empty();
    }
    Optional<String> live = node.facts().publicFile(file.path());
    if (live.isEmpty() || live.get().contains(marker)) {
      return Optional.empty();
    }
    String desired = new String(file.content(), StandardCharsets.UTF_8);
    String liveMeaning = meaning.apply(live.get());
    String n = node.facts().node();
    if (liveMeaning.equals(meaning.apply(desired))) {
      return Optional.of(
          new Finding(
              n,
              file.path(),
              Finding.Disposition.Equivalent,
              "written by hand, the same settings as the operator's: kept as it is"));
    }
    if (predecessor.isPresent() && liveMeaning.equals(meaning.apply(predecessor.get().content()))) {
      return Optional.of(
          new Finding(n, file.path(), Finding.Disposition.Updated, predecessor.get().why()));
    }
    String diff = difference(liveMeaning, meaning.apply(desired));
    if (onDifference == OnDifference.KEEP) {
      return Optional.of(
          new Finding(
              n,
              file.path(),
              Finding.Disposition.Kept,
              "differs from the operator's ("
                  + diff
                  + "): kept as the site's, not rewritten; to hand it to the operator, remove it"
                  + " and the next pass writes its form"));
    }
    if (downtimeWrapper.isPresent()) {
      return Optional.of(
          new Finding(
              n,
              file.path(),
              Finding.Disposition.NeedsDowntime,
              "differs from the spec (" + diff + "); " + downtimeWrapper.get().description()));
    }
    return Optional.of(
        new Finding(
            n,
            file.path(),
            Finding.Disposition.Updated,
            "differs from the spec (" + diff + "): rewritten; nothing on this node reads it now"));
  }

  private List<Command> ownerAndMode(NodeContext node) {
    if (node.facts().path(file.path()) instanceof PathState.RegularFile f
        && (!f.mode().equals(file.mode())
            || !f.owner().equals(file.owner())
            || !f.group().equals(file.group()))) {
      return List.of(Scripts.fixOwnerAndMode(file.path(), file.mode(), file.owner(), file.group()));
    }
    return List.of();
  }

  private static List<Command> relabel(List<Command> commands, String why) {
    List<Command> out = new ArrayList<>();
    for (Command c : commands) {
      out.add(
          out.isEmpty()
              ? new Command(
                  c.description() + " (" + why + ")",
                  c.script(),
                  c.stdin(),
                  c.mutating(),
                  c.timeout())
              : c);
    }
    return out;
  }

  private List<Command> wrapped(NodeContext node, String why) {
    Command w = downtimeWrapper.orElseThrow();
    String write = Scripts.writeStdinTo(file.path(), file.mode(), file.owner(), file.group(), null);
    return List.of(
        new Command(
            file.description() + " (" + why + ")",
            w.script().replace(WRITE, "(\n" + write + "\n)"),
            file.content(),
            true,
            w.timeout()));
  }

  /** Up to three lines each way, as {@code +line} (only on the host) and {@code -line}. */
  static String difference(String live, String desired) {
    Set<String> have = new LinkedHashSet<>(live.lines().toList());
    Set<String> want = new LinkedHashSet<>(desired.lines().toList());
    List<String> parts = new ArrayList<>();
    have.stream().filter(l -> !want.contains(l)).limit(3).forEach(l -> parts.add("+" + l));
    want.stream().filter(l -> !have.contains(l)).limit(3).forEach(l -> parts.add("-" + l));
    return parts.isEmpty() ? "the same lines in another order" : String.join(", ", parts);
  }
}
