package io.ovdfailover.steps.guide;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Chapter V: the session manager knows the other one's host key as {@code the-other-osm}. The
 * operator writes one line ({@code the-other-osm,ADDRESS TYPE KEY}) from the key it read over its
 * own pinned connection; the guide's {@code ssh-keyscan the-other-osm} writes one line per key type
 * under the name alone. Any line that names {@code the-other-osm} (or its address) with the same
 * key means the same to ssh, so a known_hosts built by hand is accepted as it is.
 */
public record KnownHostStep(PublicFileLineStep line, String alias, String address, String hostKey)
    implements Step {

  static KnownHostStep of(String otherPrivateAddress, String otherHostPublicKey, String why) {
    return new KnownHostStep(
        new PublicFileLineStep(
            "/root/.ssh/known_hosts",
            GuideFiles.knownHostsLine(otherPrivateAddress, otherHostPublicKey),
            "0644",
            why),
        GuideFiles.THE_OTHER_OSM,
        otherPrivateAddress,
        otherHostPublicKey);
  }

  @Override
  public String name() {
    return line.name();
  }

  @Override
  public FactsRequest probes() {
    return line.probes();
  }

  @Override
  public List<Command> changes(NodeContext node) {
    return equivalentLine(node).isPresent() ? List.of() : line.changes(node);
  }

  @Override
  public List<Finding> findings(NodeContext node) {
    return equivalentLine(node)
        .filter(l -> !l.equals(line.line()))
        .map(
            l ->
                List.of(
                    new Finding(
                        node.facts().node(),
                        line.path(),
                        Finding.Disposition.Equivalent,
                        "knows "
                            + alias
                            + "'s host key as the guide's ssh-keyscan wrote it ("
                            + l.split("\\s+")[0]
                            + " "
                            + l.split("\\s+")[1]
                            + "): the same key, kept as it is")))
        .orElse(List.of());
  }

  /** A line naming the alias or the address with the same key type and key. */
  private Optional<String> equivalentLine(NodeContext node) {
    String[] want = hostKey.strip().split("\\s+");
    return node.facts()
        .publicFile(line.path())
        .flatMap(
            content ->
                content
                    .lines()
                    .map(String::strip)
                    .filter(
                        l -> {
                          String[] f = l.split("\\s+");
                          return f.length >= 3
                              && !f[0].startsWith("#")
                              && !f[0].startsWith("|")
                              && Arrays.asList(f[0].split(",")).stream()
                                  .anyMatch(h -> h.equals(alias) || h.equals(address))
                              && f[1].equals(want[0])
                              && f[2].equals(want[1]);
                        })
                    .sorted((a, b) -> a.equals(line.line()) ? -1 : b.equals(line.line()) ? 1 : 0)
                    .findFirst());
  }
}
