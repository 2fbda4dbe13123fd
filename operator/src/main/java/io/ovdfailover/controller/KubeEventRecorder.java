package io.ovdfailover.controller;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events through the operator's client, aggregated as client-go's recorder does: the
 * same Event (object, type, reason, message) again within {@link #SERIES_WINDOW} raises the count
 * and the last timestamp of the existing Event instead of creating another object per pass.
 * Messages must not carry secrets (they never do here) and are cut to {@link #MAX_MESSAGE}
 * characters.
 */
public final class KubeEventRecorder implements EventRecorder {
  public static final String COMPONENT = "ovd-failover-operator";
  static final java.time.Duration SERIES_WINDOW = java.time.Duration.ofMinutes(10);
  static final int MAX_MESSAGE = 1024;
  private static final int REMEMBERED = 512;
  private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);

  /** An Event already written: its name, how often it happened, when last. */
  private record Written(String name, int count, Instant last) {}

  private final KubernetesClient client;
  private final Clock clock;

  /** Two Events in the same microsecond still get two names. */
  private final java.util.concurrent.atomic.AtomicInteger sequence =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Map<String, Written> written =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
              return size() > REMEMBERED;
            }
          });

  public KubeEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(HasMetadata involved, Type type, EventReason reason, String message) {
    Instant now = clock.instant();
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = involved.getMetadata().getNamespace();
    String text =
        message == null
            ? ""
            : message.length() <= MAX_MESSAGE
                ? message
                : message.substring(0, MAX_MESSAGE - 3) + "...";
    String key =
        namespace
            + "/"
            + involved.getKind()
            + "/"
            + involved.getMetadata().getName()
            + "/"
            + involved.getMetadata().getUid()
            + "|"
            + type
            + "|"
            + reason
            + "|"
            + text;
    try {
      Written before = written.get(key);
      if (before != null
          && java.time.Duration.between(before.last(), now).compareTo(SERIES_WINDOW) < 0
          && bump(namespace, before.name(), before.count() + 1, timestamp)) {
        written.put(key, new Written(before.name(), before.count() + 1, now));
        return;
      }
      // the API server's naming scheme: <object>.<unique hex suffix>
      String name =
          involved.getMetadata().getName()
              + "."
              + Long.toHexString(now.toEpochMilli() * 1000 + now.getNano() / 1000 % 1000)
              + Integer.toHexString(sequence.incrementAndGet() & 0xfff);
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(involved.getApiVersion())
                          .withKind(involved.getKind())
                          .withName(involved.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(involved.getMetadata().getUid())
                          .withResourceVersion(involved.getMetadata().getResourceVersion())
                          .build())
                  .withType(type.name())
                  .withReason(reason.name())
                  .withMessage(text)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withFirstTimestamp(timestamp)
                  .withLastTimestamp(timestamp)
                  .withCount(1)
                  .build())
          .create();
      written.put(key, new Written(name, 1, now));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          namespace,
          involved.getMetadata().getName(),
          e.toString());
    }
  }

  /**
   * Raises the count of an Event already written; false when it is gone (expired), so a new one is
   * created.
   */
  private boolean bump(String namespace, String name, int count, String timestamp) {
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + timestamp + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
