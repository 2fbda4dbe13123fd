package io.ovdfailover.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events through the operator's client. Messages must not carry secrets (they never do here). */
public final class KubeEventRecorder implements EventRecorder {
  public static final String COMPONENT = "ovd-failover-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public KubeEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(HasMetadata involved, String type, String reason, String message) {
    Instant now = clock.instant();
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = involved.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
          // the API server's naming scheme: <object>.<unique hex suffix>
          .withName(involved.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000
              + now.getNano() / 1000 % 1000))
          .withNamespace(namespace)
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
              .withName(involved.getMetadata().getName()).withNamespace(namespace)
              .withUid(involved.getMetadata().getUid())
              .withResourceVersion(involved.getMetadata().getResourceVersion()).build())
          .withType(type).withReason(reason).withMessage(message)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .withFirstTimestamp(timestamp).withLastTimestamp(timestamp).withCount(1)
          .build()).create();
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, namespace, involved.getMetadata().getName(),
          e.toString());
    }
  }
}
