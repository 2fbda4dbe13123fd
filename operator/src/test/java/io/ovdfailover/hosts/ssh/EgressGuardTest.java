package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressGuardTest {
  /**
   * /proc/net/route recorded on this x86_64 machine with the lab up (ovdlab0 = the lab's host
   * veth).
   */
  static final String LAB_UP =
      String.join(
          "\n",
          "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
              + "                                                       ",
          "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0                                      ",
          "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                      ",
          "ovdlab0\t000012C6\t02FF12C6\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0                                   ",
          "ovdlab0\t00FF12C6\t00000000\t0001\t0\t0\t0\tFCFFFFFF\t0\t0\t0                                   ",
          "");

  /** The same machine with the lab down: only the default route is left for lab addresses. */
  static final String LAB_DOWN =
      String.join(
          "\n",
          "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
          "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
          "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
          "");

  static Inet4Address v4(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  @Test
  void parsesLittleEndianHexAndPicksTheLongestPrefix() throws Exception {
    RouteTable table = RouteTable.parse(LAB_UP, ByteOrder.LITTLE_ENDIAN);
    assertThat(table.routes()).hasSize(4);
    RouteTable.Route def = table.routes().get(0);
    assertThat(def.iface()).isEqualTo("eth0");
    assertThat(def.gateway()).isEqualTo(0xC0000201); // 192.0.2.1
    assertThat(table.lookup(v4("198.18.0.11")).orElseThrow().iface()).isEqualTo("ovdlab0");
    assertThat(table.lookup(v4("198.18.255.2")).orElseThrow().prefixLength()).isEqualTo(30);
    assertThat(table.lookup(v4("192.0.2.7")).orElseThrow().iface()).isEqualTo("eth0");
    assertThat(table.lookup(v4("8.8.8.8")).orElseThrow().prefixLength()).isZero();
    assertThat(
            RouteTable.parse(LAB_DOWN, ByteOrder.LITTLE_ENDIAN)
                .lookup(v4("198.18.0.11"))
                .orElseThrow()
                .iface())
        .isEqualTo("eth0");
  }

  @Test
  void bigEndianTablesReadTheOtherWayRound() throws Exception {
    String be =
        "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
            + "lab\tC6120000\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n";
    assertThat(RouteTable.parse(be, ByteOrder.BIG_ENDIAN).lookup(v4("198.18.0.5"))).isPresent();
    assertThat(RouteTable.parse(be, ByteOrder.BIG_ENDIAN).lookup(v4("198.19.0.5"))).isEmpty();
  }

  @Test
  void rejectAndDownRoutesDoNotCount() throws Exception {
    String t =
        "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
            + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "lo\t000012C6\t00000000\t0201\t0\t0\t0\t00FFFFFF\t0\t0\t0\n" // reject route
            // (RTF_REJECT|RTF_UP)
            + "lab\t000013C6\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"; // not up
    RouteTable table = RouteTable.parse(t, ByteOrder.LITTLE_ENDIAN);
    assertThat(table.lookup(v4("198.18.0.1"))).isEmpty();
    assertThat(table.lookup(v4("198.19.0.1")).orElseThrow().iface()).isEqualTo("eth0");
  }

  @Test
  void cidrs() throws Exception {
    assertThat(Cidr.parse("198.18.0.0/24").contains(v4("198.18.0.255"))).isTrue();
    assertThat(Cidr.parse("198.18.0.0/24").contains(v4("198.18.1.0"))).isFalse();
    assertThat(Cidr.parse("127.0.0.0/8").contains(v4("127.1.2.3"))).isTrue();
    assertThat(Cidr.parse("10.0.0.1").contains(v4("10.0.0.1"))).isTrue();
    assertThat(Cidr.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
    assertThatThrownBy(() -> Cidr.parse("lab.example/24"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static EgressGuard demoGuard(String routes) {
    return new EgressGuard(
        List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("198.18.0.0/24")),
        "ovdlab0",
        () -> RouteTable.parse(routes, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void demoGuardAllowsLabAddressesOnlyThroughTheLabInterface() throws Exception {
    assertThat(demoGuard(LAB_UP).check("osm1", "198.18.0.11", 22)).isEqualTo(v4("198.18.0.11"));
    assertThatThrownBy(() -> demoGuard(LAB_DOWN).check("osm1", "198.18.0.11", 22))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
              assertThat(e.getMessage())
                  .contains("198.18.0.11 would leave through eth0, not ovdlab0", "lab up");
            });
  }

  @Test
  void demoGuardRefusesAddressesOutsideTheAllowlistAndResolvesNamesFirst() throws Exception {
    assertThatThrownBy(() -> demoGuard(LAB_UP).check("osm1", "192.0.2.1", 22))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
              assertThat(e.getMessage())
                  .contains("192.0.2.1 is outside the allowed networks 127.0.0.0/8,198.18.0.0/24");
            });
    // A name is resolved and the address checked; loopback is exempt from the interface check.
    assertThat(demoGuard(LAB_DOWN).check("osm1", "localhost", 22).isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> demoGuard(LAB_UP).check("osm1", "no-such-host.invalid", 22))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
  }

  @Test
  void noGuardAllowsAnything() throws Exception {
    assertThat(EgressGuard.none().restricts()).isFalse();
    assertThat(EgressGuard.of("", null).restricts()).isFalse();
    assertThat(EgressGuard.of("127.0.0.0/8, 198.18.0.0/24", "ovdlab0").toString())
        .contains("127.0.0.0/8", "198.18.0.0/24", "ovdlab0");
  }

  @Test
  void refusedTargetGetsNoPacketAtAll() throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.setSoTimeout(300);
      EgressGuard labOnly =
          new EgressGuard(
              List.of(Cidr.parse("198.18.0.0/24")),
              null,
              () -> RouteTable.parse(LAB_UP, ByteOrder.LITTLE_ENDIAN));
      SshTarget t =
          new SshTarget(
              "osm1",
              "127.0.0.1",
              listener.getLocalPort(),
              "root",
              false,
              SshIdentity.fromSecret("osm1", ed25519Key()),
              null,
              true);
      try (SshConnectionPool pool =
          new SshConnectionPool(SshSettings.defaults().withEgressGuard(labOnly))) {
        assertThatThrownBy(() -> pool.shell("ns/osm1", t).run(Command.read("probe", "true")))
            .isInstanceOfSatisfying(
                HostException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
                  assertThat(e.getMessage())
                      .contains("egress guard refused to connect to 127.0.0.1:");
                });
      }
      assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  static byte[] ed25519Key() throws Exception {
    java.nio.file.Path d = java.nio.file.Files.createTempDirectory("ovd-key-");
    OpenSshServer.exec(
        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", d.resolve("k").toString());
    byte[] key = java.nio.file.Files.readAllBytes(d.resolve("k"));
    OpenSshServer.exec("rm", "-r", d.toString());
    return key;
  }
}
