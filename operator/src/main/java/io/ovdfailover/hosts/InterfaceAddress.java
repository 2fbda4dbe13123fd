package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.List;

/**
 * One address as {@code ip -o addr} lists it.
 *
 * @param device interface name ({@code eth0}; a {@code @peer} suffix is removed)
 * @param family {@code inet} or {@code inet6}
 * @param cidr address with prefix length, {@code 10.20.1.10/24}
 * @param secondary whether the kernel lists it as secondary (the VIP on the active OSM node is)
 */
public record InterfaceAddress(String device, String family, String cidr, boolean secondary) {
  public String address() {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }

  public int prefixLength() {
    int slash = cidr.indexOf('/');
    return slash < 0
        ? (family.equals("inet6") ? 128 : 32)
        : Integer.parseInt(cidr.substring(slash + 1));
  }

  /**
   * Parses {@code ip -o addr} output: {@code 2: eth0 inet 10.20.1.11/24 brd ... scope global eth0\
   * ...}.
   */
  public static List<InterfaceAddress> parseIpOneLine(String text) {
    List<InterfaceAddress> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":")) {
        continue;
      }
      String family = f[2];
      if (!family.equals("inet") && !family.equals("inet6")) {
        continue;
      }
      String dev = f[1];
      int at = dev.indexOf('@');
      if (at > 0) {
        dev = dev.substring(0, at);
      }
      boolean secondary = List.of(f).contains("secondary");
      out.add(new InterfaceAddress(dev, family, f[3], secondary));
    }
    return List.copyOf(out);
  }
}
