package io.ovdfailover.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.api.Ipv4.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @Test
  void parsesAndFormatsDottedQuads() {
    assertThat(Ipv4.parse("0.0.0.0")).hasValue(0L);
    assertThat(Ipv4.parse("255.255.255.255")).hasValue(0xFFFFFFFFL);
    assertThat(Ipv4.parse("192.168.100.11")).hasValue(192L << 24 | 168 << 16 | 100 << 8 | 11);
    assertThat(Ipv4.format(Ipv4.parse("198.19.100.14").getAsLong())).isEqualTo("198.19.100.14");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.4 ",
        "a.b.c.d",
        "1.2.3.-4"
      })
  void rejectsWhatIsNotADottedQuad(String text) {
    assertThat(Ipv4.parse(text)).isEmpty();
  }

  @Test
  void rejectsNull() {
    assertThat(Ipv4.parse(null)).isEmpty();
    assertThat(Cidr.parse(null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "192.168.100.0/24, 192.168.100.0, 192.168.100.255, 256, false",
    "192.168.100.11/24, 192.168.100.0, 192.168.100.255, 256, true",
    "10.20.1.10/23, 10.20.0.0, 10.20.1.255, 512, true",
    "0.0.0.0/0, 0.0.0.0, 255.255.255.255, 4294967296, false",
    "198.18.0.100/32, 198.18.0.100, 198.18.0.100, 1, false",
    "198.18.0.101/31, 198.18.0.100, 198.18.0.101, 2, true",
    "172.16.5.10/12, 172.16.0.0, 172.31.255.255, 1048576, true"
  })
  void networkArithmetic(
      String text, String network, String broadcast, long size, boolean hostBits) {
    Cidr cidr = Cidr.parse(text).orElseThrow();
    assertThat(Ipv4.format(cidr.network())).isEqualTo(network);
    assertThat(Ipv4.format(cidr.broadcast())).isEqualTo(broadcast);
    assertThat(cidr.size()).isEqualTo(size);
    assertThat(cidr.hasHostBits()).isEqualTo(hostBits);
    assertThat(cidr.networkText()).isEqualTo(network + "/" + cidr.prefix());
  }

  @Test
  void containment() {
    Cidr lab = Cidr.parse("198.19.100.0/24").orElseThrow();
    assertThat(lab.contains(Ipv4.parse("198.19.100.0").getAsLong())).isTrue();
    assertThat(lab.contains(Ipv4.parse("198.19.100.255").getAsLong())).isTrue();
    assertThat(lab.contains(Ipv4.parse("198.19.101.0").getAsLong())).isFalse();
    assertThat(lab.contains(Ipv4.parse("198.19.99.255").getAsLong())).isFalse();
    assertThat(lab.contains(Ipv4.parse("198.18.1.5").getAsLong())).isFalse();
    Cidr vip = Cidr.parse("172.16.5.10/23").orElseThrow();
    assertThat(vip.contains(Ipv4.parse("172.16.4.11").getAsLong())).isTrue();
    assertThat(vip.contains(Ipv4.parse("172.16.6.1").getAsLong())).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(0xFFFFFFFFL)).isTrue();
  }

  @Test
  void networkAndBroadcastAddressesExceptOnPointToPointNetworks() {
    Cidr vip = Cidr.parse("198.18.0.100/24").orElseThrow();
    assertThat(vip.isNetworkOrBroadcast(Ipv4.parse("198.18.0.0").getAsLong())).isTrue();
    assertThat(vip.isNetworkOrBroadcast(Ipv4.parse("198.18.0.255").getAsLong())).isTrue();
    assertThat(vip.isNetworkOrBroadcast(Ipv4.parse("198.18.0.1").getAsLong())).isFalse();
    assertThat(vip.isNetworkOrBroadcast(Ipv4.parse("198.18.1.0").getAsLong()))
        .as("outside the network")
        .isFalse();
    Cidr slash31 = Cidr.parse("10.0.0.0/31").orElseThrow();
    assertThat(slash31.isNetworkOrBroadcast(slash31.network())).isFalse();
    assertThat(slash31.isNetworkOrBroadcast(slash31.broadcast())).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "198.18.0.0/24, 198.19.100.0/24, false",
    "198.18.0.0/16, 198.18.0.100/24, true",
    "198.18.0.100/24, 198.18.0.0/16, true",
    "10.0.0.0/8, 11.0.0.0/8, false",
    "0.0.0.0/0, 192.168.1.0/24, true",
    "192.168.100.0/25, 192.168.100.128/25, false"
  })
  void overlap(String a, String b, boolean overlaps) {
    assertThat(Cidr.parse(a).orElseThrow().overlaps(Cidr.parse(b).orElseThrow()))
        .isEqualTo(overlaps);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"198.19.100.0", "198.19.100.0/33", "198.19.100.0/", "/24", "198.19.100.0/024x"})
  void rejectsWhatIsNotCidr(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @Test
  void sizeOfEveryPrefix() {
    assertThat(Ipv4.size(32)).isEqualTo(1);
    assertThat(Ipv4.size(24)).isEqualTo(256);
    assertThat(Ipv4.size(0)).isEqualTo(1L << 32);
    assertThatThrownBy(() -> Ipv4.size(33)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4.size(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
