package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;

/**
 * Shell fragments shared by the file-like steps. Content always travels on stdin, never in the
 * script.
 */
final class Scripts {
  private Scripts() {}

  /** Gives {@code path} its owner, group and mode. */
  static String setOwnerAndMode(String path, String mode, String owner, String group) {
    return "chown "
        + quote(owner + ":" + group)
        + " "
        + quote(path)
        + " && chmod "
        + mode
        + " "
        + quote(path);
  }

  /** The one change for a path whose content is right and whose owner or mode is not. */
  static Command fixOwnerAndMode(String path, String mode, String owner, String group) {
    return Command.change(
        "Set owner " + owner + ":" + group + " and mode " + mode + " of " + path,
        setOwnerAndMode(path, mode, owner, group));
  }

  /** Refuses to replace a real directory (a file or link would otherwise land inside it). */
  static String refuseDirectory(String path) {
    return "if [ -d "
        + quote(path)
        + " ] && [ ! -L "
        + quote(path)
        + " ]; then echo "
        + quote(path + " is a directory")
        + " >&2; exit 1; fi\n";
  }

  /**
   * Writes stdin to {@code path} atomically: a temporary file in the same directory, owner and mode
   * set before it is renamed over the old file, so no reader ever sees a half-written or
   * wrongly-owned file.
   *
   * @param expectedSha256 when not null, fail unless the current file still has this hash (the plan
   *     was computed from it; someone else changed it since)
   */
  static String writeStdinTo(
      String path, String mode, String owner, String group, String expectedSha256) {
    String p = quote(path);
    StringBuilder s = new StringBuilder("set -e\n");
    s.append("p=").append(p).append("\nd=$(dirname \"$p\")\nmkdir -p \"$d\"\n");
    s.append(refuseDirectory(path));
    if (expectedSha256 != null) {
      s.append("if [ \"$(sha256sum < \"$p\" | cut -d' ' -f1)\" != ")
          .append(quote(expectedSha256))
          .append(" ]; then echo \"$p changed since it was probed\" >&2; exit 3; fi\n");
    }
    s.append("t=$(mktemp \"$d/.ovd-write.XXXXXX\")\n");
    s.append("trap 'rm -f \"$t\"' EXIT\n");
    s.append("cat > \"$t\"\n");
    s.append("chown ").append(quote(owner + ":" + group)).append(" \"$t\"\n");
    s.append("chmod ").append(quote(mode)).append(" \"$t\"\n");
    s.append("mv -f \"$t\" \"$p\"\n");
    return s.toString();
  }
}
