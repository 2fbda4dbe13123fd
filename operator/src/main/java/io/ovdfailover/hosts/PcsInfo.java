package io.ovdfailover.hosts;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The installed pcs: its version and, where {@code pcs --version --full} lists them (pcs 0.10+),
 * its capability codes ({@code pcs.auth.separated-name-and-address}, {@code
 * pcmk.resource.move.autoclean.default}, ...).
 */
public record PcsInfo(SoftwareVersion version, Set<String> capabilities) {
  /**
   * Capability of pcs 0.11.1+: {@code pcs resource move} removes its own location constraint by
   * default.
   */
  public static final String CAP_MOVE_AUTOCLEAN_DEFAULT = "pcmk.resource.move.autoclean.default";

  public PcsInfo {
    capabilities = Set.copyOf(capabilities);
  }

  public boolean has(String capability) {
    return capabilities.contains(capability);
  }

  /**
   * Parses {@code pcs --version [--full]}: the version on the first line, capabilities on the
   * second.
   */
  public static PcsInfo parse(String text) {
    String[] lines = text.strip().split("\n", 2);
    if (lines[0].isBlank()) {
      throw new FactsFormatException("pcs --version printed nothing");
    }
    Set<String> caps = new TreeSet<>();
    if (lines.length > 1) {
      caps.addAll(Arrays.asList(lines[1].strip().split("\\s+")));
      caps.remove("");
    }
    return new PcsInfo(SoftwareVersion.parse(lines[0]), caps);
  }
}
