package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovdfailover.hosts.HostException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {
  @Test
  void transientErrorsAreTheOnesThatMayGoAwayByThemselves() {
    assertThat(
            ErrorPolicy.isTransient(
                new HostException(HostException.Kind.UNREACHABLE, "osm1", "no route")))
        .isTrue();
    assertThat(
            ErrorPolicy.isTransient(new HostException(HostException.Kind.TIMEOUT, "osm1", "slow")))
        .isTrue();
    assertThat(
            ErrorPolicy.isTransient(
                new HostException(HostException.Kind.AUTH_FAILED, "osm1", "denied")))
        .isFalse();
    assertThat(
            ErrorPolicy.isTransient(
                new HostException(HostException.Kind.HOST_KEY_MISMATCH, "osm1", "x")))
        .isFalse();
    assertThat(ErrorPolicy.isTransient(new KubernetesClientException("unavailable", 503, null)))
        .isTrue();
    assertThat(ErrorPolicy.isTransient(new KubernetesClientException("conflict", 409, null)))
        .isTrue();
    assertThat(ErrorPolicy.isTransient(new KubernetesClientException("forbidden", 403, null)))
        .isFalse();
    assertThat(
            ErrorPolicy.isTransient(
                new KubernetesClientException("io", new ConnectException("refused"))))
        .isTrue();
    assertThat(ErrorPolicy.isTransient(new RuntimeException(new IOException("reset")))).isTrue();
    assertThat(ErrorPolicy.isTransient(new TimeoutException())).isTrue();
    assertThat(ErrorPolicy.isTransient(new IllegalArgumentException("bug"))).isFalse();
  }

  @Test
  void josdkBacksOffBeforeThePolicyTakesOver() {
    var retry = ErrorPolicy.retry();
    assertThat(retry.getMaxAttempts()).isEqualTo(5);
    assertThat(retry.getInitialInterval()).isEqualTo(2000L);
    assertThat(retry.getMaxInterval()).isEqualTo(30_000L);
  }
}
