package io.ovdfailover.hosts;

/**
 * Why a node could not be driven, classified so that it becomes a condition a user can act on.
 * Messages never contain a secret: commands carry secrets on stdin only, and stdin is never quoted
 * here.
 */
public class HostException extends Exception {
  /** Failure classes, each with the condition reason it maps to. */
  public enum Kind {
    UNREACHABLE("Unreachable"),
    AUTH_FAILED("AuthenticationFailed"),
    /** A Secret the node's access needs is missing, or lacks the key: nothing was dialled. */
    SECRET_MISSING("SecretMissing"),
    HOST_KEY_MISMATCH("HostKeyMismatch"),
    HOST_KEY_UNKNOWN("HostKeyNotPinned"),
    TIMEOUT("Timeout"),
    COMMAND_FAILED("CommandFailed"),
    UNSUPPORTED("Unsupported"),
    /** No valid ClusterNode names the host (a farm server declared without SSH access). */
    NO_CLUSTER_NODE("ClusterNodeMissing");

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    /** CamelCase reason for a metav1.Condition. */
    public String reason() {
      return reason;
    }

    /** Whether retrying later may succeed without a change by the user. */
    public boolean transientFailure() {
      return this == UNREACHABLE || this == TIMEOUT || this == COMMAND_FAILED;
    }
  }

  private final Kind kind;
  private final String node;
  private final String detail;

  public HostException(Kind kind, String node, String message, Throwable cause) {
    super(node + ": " + message, cause);
    this.kind = kind;
    this.node = node;
    this.detail = message;
  }

  public HostException(Kind kind, String node, String message) {
    this(kind, node, message, null);
  }

  public static HostException commandFailed(String node, Command command, CommandResult result) {
    return new HostException(
        Kind.COMMAND_FAILED,
        node,
        "'"
            + command.description()
            + "' exited with "
            + result.exitCode()
            + ": "
            + result.stderrTail(400));
  }

  public Kind kind() {
    return kind;
  }

  public String node() {
    return node;
  }

  /** The message without the node name in front. */
  public String detail() {
    return detail;
  }
}
