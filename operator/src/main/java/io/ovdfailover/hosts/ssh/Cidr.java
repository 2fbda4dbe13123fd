package io.ovdfailover.hosts.ssh;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 198.18.0.0/24} or {@code ::1/128}. */
public record Cidr(InetAddress network, int prefixLength) {
  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range for " + network);
    }
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code a.b.c.d} (a /32), or the IPv6 equivalents. Literals only, no
   * lookups.
   */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (!addr.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException("not an address literal: " + text);
    }
    try {
      InetAddress a = InetAddress.getByName(addr);
      int prefix = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(t.substring(slash + 1));
      return new Cidr(a, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR: " + text);
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int shift = a.length * 8 - prefixLength;
    return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
