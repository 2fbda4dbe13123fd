package io.ovdfailover.steps.guide;

/** Dotted-quad arithmetic the guide's files need (netmasks for interfaces and ifcfg files). */
public final class Ipv4 {
  private Ipv4() {}

  public static String netmask(int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefix);
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
  }

  /** The prefix length of a CIDR ("192.168.100.0/24" gives 24). */
  public static int prefixOf(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    return Integer.parseInt(cidr.substring(slash + 1));
  }
}
