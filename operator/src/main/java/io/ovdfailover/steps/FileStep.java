package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.ShellQuote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A file with given content, mode, owner and group. Compared by SHA-256, mode and owner from the
 * facts, so the content itself never has to leave the controller to be compared; written through
 * stdin (never argv), which is what keeps a secret (the Session Manager config with the SQL
 * password) out of process lists and logs.
 *
 * @param afterChange a command to run only when the content changed ({@code systemctl
 *     daemon-reload}), if any
 */
public record FileStep(
    String path,
    byte[] content,
    String mode,
    String owner,
    String group,
    String description,
    boolean downtime,
    Optional<String> afterChange)
    implements Step {
  public FileStep {
    ShellQuote.requireSafePath(path);
    content = content.clone();
    if (!mode.matches("0[0-7]{3}")) {
      throw new IllegalArgumentException("mode must be four octal digits like 0644: " + mode);
    }
  }

  public static FileStep of(
      String path, String content, String mode, String owner, String group, String description) {
    return new FileStep(
        path,
        content.getBytes(StandardCharsets.UTF_8),
        mode,
        owner,
        group,
        description,
        false,
        Optional.empty());
  }

  public FileStep withAfterChange(String script) {
    return new FileStep(
        path, content, mode, owner, group, description, downtime, Optional.of(script));
  }

  public FileStep withDowntime(boolean needed) {
    return new FileStep(path, content, mode, owner, group, description, needed, afterChange);
  }

  @Override
  public String name() {
    return path;
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(path));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    PathState state = node.facts().path(path);
    List<Command> out = new ArrayList<>();
    if (state instanceof PathState.RegularFile f && f.sha256().equals(sha256(content))) {
      if (!f.mode().equals(mode) || !f.owner().equals(owner) || !f.group().equals(group)) {
        out.add(Scripts.fixOwnerAndMode(path, mode, owner, group));
      }
      return out;
    }
    out.add(
        new Command(
            description,
            Scripts.writeStdinTo(path, mode, owner, group, null),
            content,
            true,
            Command.DEFAULT_TIMEOUT));
    afterChange.ifPresent(
        s -> out.add(Command.change("Reload after changing " + path + ": " + s, s)));
    return out;
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileStep f
        && path.equals(f.path)
        && Arrays.equals(content, f.content)
        && mode.equals(f.mode)
        && owner.equals(f.owner)
        && group.equals(f.group);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  /** Never prints the content: it may be a secret. */
  @Override
  public String toString() {
    return "FileStep["
        + path
        + " "
        + mode
        + " "
        + owner
        + ":"
        + group
        + " sha256="
        + sha256(content)
        + "]";
  }
}
