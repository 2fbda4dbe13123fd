package io.ovdfailover.hosts.ssh;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 main routing table as the kernel prints it in {@code /proc/net/route}: which interface a
 * packet to an address leaves through. Only the main table is listed there (local and policy tables
 * are not), which is why {@link EgressGuard} treats loopback separately.
 */
public final class RouteTable {
  private static final int RTF_UP = 0x0001;
  private static final int RTF_REJECT = 0x0200;

  /** One route; addresses as ints in network order (first octet in the high byte). */
  public record Route(String iface, int destination, int gateway, int flags, int metric, int mask) {
    boolean matches(int address) {
      return (address & mask) == destination;
    }

    int prefixLength() {
      return Integer.bitCount(mask);
    }

    boolean usable() {
      return (flags & RTF_REJECT) == 0;
    }
  }

  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Reads this network namespace's table. */
  public static RouteTable readProc() throws IOException {
    return parse(Files.readString(Path.of("/proc/net/route")), ByteOrder.nativeOrder());
  }

  /**
   * Parses the text of {@code /proc/net/route}. The kernel prints each address as the hex of a
   * 32-bit word in the machine's byte order, so on little-endian machines {@code 0100A8C0} is
   * 192.168.0.1.
   */
  public static RouteTable parse(String text, ByteOrder order) {
    List<Route> routes = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 8 || f[0].equals("Iface")) {
        continue;
      }
      routes.add(
          new Route(
              f[0],
              address(f[1], order),
              address(f[2], order),
              Integer.parseInt(f[3], 16),
              Integer.parseInt(f[6]),
              address(f[7], order)));
    }
    return new RouteTable(routes);
  }

  public List<Route> routes() {
    return routes;
  }

  /**
   * The route the kernel picks for {@code address}: longest prefix, then lowest metric. Empty when
   * unroutable.
   */
  public Optional<Route> lookup(Inet4Address address) {
    int a = toInt(address.getAddress());
    return routes.stream()
        .filter(r -> (r.flags() & RTF_UP) != 0 && r.matches(a))
        .max(
            Comparator.comparingInt(Route::prefixLength)
                .thenComparing(Route::metric, Comparator.reverseOrder()))
        .filter(Route::usable);
  }

  private static int address(String hex, ByteOrder order) {
    int raw = (int) Long.parseLong(hex, 16);
    return order == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(raw) : raw;
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}
