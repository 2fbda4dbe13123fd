package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.HostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Refuses to open SSH connections anywhere but where the operator is meant to go. Two optional
 * checks:
 *
 * <ul>
 *   <li>an allowlist of networks: the resolved address must lie in one of them;
 *   <li>a required route interface: the kernel's route to the address must leave through that
 *       interface (so with the lab down, a lab address falls to the default route and is refused
 *       instead of going to the gateway). Loopback addresses never leave the host and are exempt
 *       from this check.
 * </ul>
 *
 * The host name is resolved first and the connection is then made to the checked address, not to
 * the name.
 */
public final class EgressGuard {
  private final List<Cidr> allowed;
  private final String requiredInterface;
  private final Supplier<RouteTable> routes;

  public EgressGuard(List<Cidr> allowed, String requiredInterface, Supplier<RouteTable> routes) {
    this.allowed = List.copyOf(allowed);
    this.requiredInterface =
        requiredInterface == null || requiredInterface.isBlank() ? null : requiredInterface;
    this.routes = routes;
  }

  /** No restriction (production: the nodes are wherever the user says). */
  public static EgressGuard none() {
    return new EgressGuard(List.of(), null, EgressGuard::procRoutes);
  }

  /**
   * From configuration text.
   *
   * @param cidrs comma-separated networks, or null/blank for any address
   * @param requiredInterface interface the route must use, or null/blank for any
   */
  public static EgressGuard of(String cidrs, String requiredInterface) {
    List<Cidr> list =
        cidrs == null || cidrs.isBlank()
            ? List.of()
            : Arrays.stream(cidrs.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Cidr::parse)
                .toList();
    return new EgressGuard(list, requiredInterface, EgressGuard::procRoutes);
  }

  public boolean restricts() {
    return !allowed.isEmpty() || requiredInterface != null;
  }

  /**
   * Resolves {@code host} and returns the first address both checks allow.
   *
   * @throws HostException UNSUPPORTED when no address is allowed, UNREACHABLE when the name does
   *     not resolve
   */
  public InetAddress check(String node, String host, int port) throws HostException {
    InetAddress[] candidates;
    try {
      candidates = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new HostException(
          HostException.Kind.UNREACHABLE,
          node,
          "cannot resolve host name '" + host + "': check spec.ssh.host and DNS");
    }
    if (!restricts()) {
      return candidates[0];
    }
    List<String> refusals = new ArrayList<>();
    for (InetAddress a : candidates) {
      Optional<String> refusal = refusal(a);
      if (refusal.isEmpty()) {
        return a;
      }
      refusals.add(refusal.get());
    }
    throw new HostException(
        HostException.Kind.UNSUPPORTED,
        node,
        "egress guard refused to connect to "
            + host
            + ":"
            + port
            + ": "
            + String.join("; ", refusals));
  }

  private Optional<String> refusal(InetAddress a) {
    String addr = a.getHostAddress();
    if (!allowed.isEmpty() && allowed.stream().noneMatch(c -> c.contains(a))) {
      return Optional.of(
          addr
              + " is outside the allowed networks "
              + allowed.stream().map(Cidr::toString).collect(Collectors.joining(",")));
    }
    if (requiredInterface == null || a.isLoopbackAddress()) {
      return Optional.empty();
    }
    if (!(a instanceof Inet4Address v4)) {
      return Optional.of(
          addr + ": the route check for interface " + requiredInterface + " supports IPv4 only");
    }
    Optional<RouteTable.Route> route;
    try {
      route = routes.get().lookup(v4);
    } catch (UncheckedIOException e) {
      return Optional.of(
          "cannot read the routing table to check " + addr + ": " + e.getCause().getMessage());
    }
    if (route.isEmpty()) {
      return Optional.of(
          "no route to "
              + addr
              + " (interface "
              + requiredInterface
              + " expected; is the lab up?)");
    }
    if (!route.get().iface().equals(requiredInterface)) {
      return Optional.of(
          addr
              + " would leave through "
              + route.get().iface()
              + ", not "
              + requiredInterface
              + " (is the lab up?)");
    }
    return Optional.empty();
  }

  private static RouteTable procRoutes() {
    try {
      return RouteTable.readProc();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/net/route", e);
    }
  }

  @Override
  public String toString() {
    return restricts()
        ? "egress allowed to "
            + (allowed.isEmpty() ? "any network" : allowed)
            + (requiredInterface == null ? "" : " via " + requiredInterface)
        : "no egress restriction";
  }
}
