package io.ovdfailover.hosts;

import io.ovdfailover.converge.Procedures;
import io.ovdfailover.testsupport.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the recorded and assembled outputs under src/test/resources/facts. */
public final class Fixtures {
  private Fixtures() {}

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/facts/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource facts/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a pass of the guide's build asks of the lab's nodes: a realistic probe. */
  public static FactsRequest guideRequest() {
    return Procedures.guideBuildRequest(Samples.cluster("ns", "lab").getSpec());
  }

  /** Facts parsed from facts/{@code distro}.txt, as node osm1. */
  public static HostFacts facts(String distro) {
    return FactsParser.parse("osm1", text(distro + ".txt"));
  }
}
