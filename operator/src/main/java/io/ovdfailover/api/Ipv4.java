package io.ovdfailover.api;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * IPv4 address arithmetic on 32-bit values held in a {@code long}: the same arithmetic the CRD's
 * CEL rules do (see {@link CelRules}), for the operator-side validation and for code that needs a
 * network's mask or broadcast.
 */
public final class Ipv4 {
  private Ipv4() {}

  private static final Pattern ADDRESS = Pattern.compile(Patterns.IPV4);
  private static final Pattern CIDR = Pattern.compile(Patterns.IPV4_CIDR);

  /**
   * The address as an unsigned 32-bit value, or empty if the text is not a dotted quad (no leading
   * zeros).
   */
  public static OptionalLong parse(String text) {
    if (text == null || !ADDRESS.matcher(text).matches()) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (String octet : text.split("\\.")) {
      value = value * 256 + Integer.parseInt(octet);
    }
    return OptionalLong.of(value);
  }

  public static String format(long value) {
    return ((value >> 24) & 255)
        + "."
        + ((value >> 16) & 255)
        + "."
        + ((value >> 8) & 255)
        + "."
        + (value & 255);
  }

  /** The number of addresses in a network with this prefix length: 2^(32-prefix). */
  public static long size(int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefix);
    }
    return 1L << (32 - prefix);
  }

  /**
   * An address with a prefix length, as written in CIDR notation ({@code 192.168.100.0/24}, {@code
   * 10.20.1.10/24}).
   */
  public record Cidr(long address, int prefix) {
    public Cidr {
      if (address < 0 || address > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("not an IPv4 address: " + address);
      }
      Ipv4.size(prefix);
    }

    /** Parses {@code a.b.c.d/p}; empty if the text is not that. */
    public static Optional<Cidr> parse(String text) {
      if (text == null || !CIDR.matcher(text).matches()) {
        return Optional.empty();
      }
      int slash = text.indexOf('/');
      return Optional.of(
          new Cidr(
              Ipv4.parse(text.substring(0, slash)).orElseThrow(),
              Integer.parseInt(text.substring(slash + 1))));
    }

    public long size() {
      return Ipv4.size(prefix);
    }

    /** The first address of the network. */
    public long network() {
      return address - address % size();
    }

    /** The last address of the network. */
    public long broadcast() {
      return network() + size() - 1;
    }

    /**
     * Whether the address has bits set outside the prefix (192.168.100.5/24 rather than
     * 192.168.100.0/24).
     */
    public boolean hasHostBits() {
      return address != network();
    }

    public boolean contains(long other) {
      return other / size() == address / size();
    }

    /**
     * Whether the address is the network or broadcast address of this network; /31 and /32 networks
     * have neither (RFC 3021).
     */
    public boolean isNetworkOrBroadcast(long other) {
      return prefix <= 30 && contains(other) && (other == network() || other == broadcast());
    }

    /** Two networks overlap when the shorter prefix contains the other's address. */
    public boolean overlaps(Cidr other) {
      long commonSize = Ipv4.size(Math.min(prefix, other.prefix));
      return address / commonSize == other.address / commonSize;
    }

    /** The netmask in dotted notation, e.g. {@code 255.255.255.0} for /24. */
    public String netmaskText() {
      return format(0xFFFFFFFFL - (size() - 1));
    }

    /** The network in canonical notation, e.g. {@code 192.168.100.0/24}. */
    public String networkText() {
      return format(network()) + "/" + prefix;
    }

    @Override
    public String toString() {
      return format(address) + "/" + prefix;
    }
  }
}
