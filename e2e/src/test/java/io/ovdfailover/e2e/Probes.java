package io.ovdfailover.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Checks run from the host (the JVM's machine) against lab addresses only. */
final class Probes {
  private Probes() {}

  /**
   * Refuses to send anything unless the address is routed into the lab (host veth ovdlab0): with
   * the lab down, lab addresses would follow the host's default route off the machine.
   */
  static void requireLabRoute(String address) {
    Lab.Result r =
        Lab.Processes.run(
            List.of("ip", "-o", "route", "get", address), Duration.ofSeconds(10), null);
    if (!r.stdout().contains(" dev ovdlab0 ")) {
      throw new IllegalStateException(
          "not routed into the lab, refusing to probe " + address + ": " + r);
    }
  }

  /** OpenSSH as a client would use it: the exported known_hosts, strict checking, key login. */
  static Lab.Result pinnedSsh(Lab lab, String user, String node, String command) {
    requireLabRoute(lab.svcAddress(node));
    Path key = Lab.ROOT.equals(user) ? lab.rootKey() : lab.adminKey();
    return Lab.Processes.run(
        List.of(
            "ssh",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=" + lab.knownHosts(),
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "ConnectTimeout=3",
            "-o",
            "LogLevel=ERROR",
            "-i",
            key.toString(),
            user + "@" + lab.svcAddress(node),
            command),
        Duration.ofMinutes(2),
        null);
  }

  static boolean pingFromHost(String address) {
    requireLabRoute(address);
    return Lab.Processes.run(
            List.of("ping", "-c", "1", "-W", "1", address), Duration.ofSeconds(10), null)
        .ok();
  }

  static boolean tcpFromHost(String address, int port) {
    requireLabRoute(address);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** ICMP echo from one node to an address, one try with a 1 s wait. */
  static boolean pingFrom(Lab lab, String node, String address) {
    return lab.exec(node, "ping -c 1 -W 1 " + address + " >/dev/null").ok();
  }

  /** TCP connect from one node (bash /dev/tcp), 2 s limit. */
  static boolean tcpFrom(Lab lab, String node, String address, int port) {
    return lab.exec(
            node, "timeout 2 bash -c 'echo > /dev/tcp/" + address + "/" + port + "' 2>/dev/null")
        .ok();
  }

  static String curl(String url) {
    requireLabRoute(java.net.URI.create(url).getHost());
    Lab.Result r =
        Lab.Processes.run(
            List.of("curl", "-fsS", "--max-time", "5", url), Duration.ofSeconds(10), null);
    return r.ok() ? r.stdout() : "";
  }
}
