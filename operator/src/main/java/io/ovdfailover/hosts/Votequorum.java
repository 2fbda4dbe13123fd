package io.ovdfailover.hosts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Votequorum as a node sees it ({@code corosync-quorumtool -s}), read by the facts probe on a
 * Pacemaker node whose corosync.conf names a quorum device: no file says whether the device's vote
 * is counted, and corosync.conf names the device as soon as {@code pcs quorum device add} returns,
 * seconds before corosync-qdevice has reached corosync-qnetd (the lab saw "Total votes: 2" of 3
 * right after).
 *
 * @param expectedVotes {@code Expected votes}
 * @param totalVotes {@code Total votes}: the members' and the device's votes counted now
 * @param localDevice this node's corosync-qdevice flags from the membership table ({@code A,V,NMW}:
 *     alive, voting, master-wins or not), empty when the table shows none
 */
public record Votequorum(int expectedVotes, int totalVotes, String localDevice) {
  private static final Pattern EXPECTED = Pattern.compile("(?m)^Expected votes:\\s*(\\d+)");
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total votes:\\s*(\\d+)");

  /**
   * A membership line: node id, votes, the qdevice flags, the name, then "(local)" for this node.
   */
  private static final Pattern LOCAL_MEMBER =
      Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+(N?A,N?V,N?MW)\\s+\\S+\\s+\\(local\\)\\s*$");

  /**
   * The tool's output, or empty when it shows no vote count (corosync not running: the tool prints
   * nothing and exits 1).
   */
  public static Optional<Votequorum> parse(String quorumtool) {
    Matcher expected = EXPECTED.matcher(quorumtool);
    Matcher total = TOTAL.matcher(quorumtool);
    if (!expected.find() || !total.find()) {
      return Optional.empty();
    }
    Matcher local = LOCAL_MEMBER.matcher(quorumtool);
    return Optional.of(
        new Votequorum(
            Integer.parseInt(expected.group(1)),
            Integer.parseInt(total.group(1)),
            local.find() ? local.group(1) : ""));
  }

  /** Whether this node's corosync-qdevice is alive and its vote counted. */
  public boolean deviceVotesHere() {
    return localDevice.startsWith("A,V,");
  }
}
