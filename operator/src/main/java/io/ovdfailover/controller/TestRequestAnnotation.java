package io.ovdfailover.controller;

import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.failover.FailoverRequests;
import java.util.Map;
import java.util.Objects;

/**
 * A failover test asked for with the annotation: the update that sets it changes no generation, so
 * the generation-aware primary informer lets it pass; an informer of its own on the same resources
 * starts the reconcile.
 */
final class TestRequestAnnotation {
  private TestRequestAnnotation() {}

  static boolean testRequestChanged(OvdFailoverCluster newer, OvdFailoverCluster older) {
    return !Objects.equals(testRequest(newer), testRequest(older));
  }

  private static String testRequest(OvdFailoverCluster c) {
    Map<String, String> annotations = c.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(FailoverRequests.ANNOTATION);
  }
}
