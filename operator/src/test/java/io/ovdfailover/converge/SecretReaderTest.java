package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ovdfailover.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A pass and a glance every few seconds cost one GET per Secret per 30 s, not one per node. */
class SecretReaderTest {
  final KubernetesClient client = mock(KubernetesClient.class);
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  final SecretReader reader = new SecretReader(client, clock);
  final java.util.Map<String, Resource<Secret>> byName = new java.util.HashMap<>();

  @SuppressWarnings("unchecked")
  @org.junit.jupiter.api.BeforeEach
  void secrets() {
    MixedOperation<Secret, SecretList, Resource<Secret>> all = mock(MixedOperation.class);
    NonNamespaceOperation<Secret, SecretList, Resource<Secret>> inNs =
        mock(NonNamespaceOperation.class);
    when(client.secrets()).thenReturn(all);
    when(all.inNamespace("ns")).thenReturn(inNs);
    when(inNs.withName(org.mockito.ArgumentMatchers.anyString()))
        .thenAnswer(call -> secret(call.getArgument(0)));
  }

  @SuppressWarnings("unchecked")
  Resource<Secret> secret(String name) {
    return byName.computeIfAbsent(name, n -> mock(Resource.class));
  }

  @Test
  void aSecretIsReadOnceAndAgainWhenItIsOlderThanTheMaxAge() {
    Secret key = new SecretBuilder().withNewMetadata().withName("key").endMetadata().build();
    when(secret("key").get()).thenReturn(key);

    for (int i = 0; i < 10; i++) {
      assertThat(reader.get("ns", "key")).contains(key);
      clock.advance(Duration.ofSeconds(2));
    }
    verify(secret("key"), times(1)).get();

    clock.advance(SecretReader.MAX_AGE);
    assertThat(reader.get("ns", "key")).contains(key);
    verify(secret("key"), times(2)).get();
  }

  @Test
  void aMissingSecretIsAskedForAgainAtOnce() {
    when(secret("later").get()).thenReturn(null);
    assertThat(reader.get("ns", "later")).isEmpty();
    Secret created = new SecretBuilder().withNewMetadata().withName("later").endMetadata().build();
    when(secret("later").get()).thenReturn(created);
    assertThat(reader.get("ns", "later")).contains(created);
  }
}
