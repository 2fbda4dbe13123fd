package io.ovdfailover.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.ovdfailover.hosts.HostException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a reconcile throws. JOSDK retries with back-off (5 attempts from 2 s, x1.5);
 * after the last attempt it would wait for maxReconciliationInterval (10 h by default) before
 * trying again, which is far too long for an SSH connection that failed once. So the reconcilers
 * never give up: after the last attempt a transient error (network, timeout, API server hiccup) is
 * retried every {@code retryInterval}, any other error every {@code observeInterval}.
 */
public final class ErrorPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorPolicy.class);

  private final ReconcileSettings settings;

  public ErrorPolicy(ReconcileSettings settings) {
    this.settings = settings;
  }

  /** JOSDK's first retry: a passing API server or SSH hiccup has often cleared by then. */
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);

  /** The longest JOSDK back-off: the default retry interval, after which the policy takes over. */
  private static final Duration LONGEST_RETRY = ReconcileSettings.DEFAULTS.retryInterval();

  /** JOSDK's back-off before the policy takes over. */
  public static GenericRetry retry() {
    return new GenericRetry()
        .setMaxAttempts(5)
        .setInitialInterval(FIRST_RETRY)
        .setIntervalMultiplier(1.5)
        .setMaxInterval(LONGEST_RETRY.toMillis());
  }

  public <P extends HasMetadata> ErrorStatusUpdateControl<P> onError(
      P resource, Context<P> context, Exception e) {
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    String id =
        resource.getKind()
            + " "
            + resource.getMetadata().getNamespace()
            + "/"
            + resource.getMetadata().getName();
    if (!lastAttempt) {
      LOG.info("reconcile of {} failed, JOSDK retries: {}", id, e.toString());
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    Duration next = isTransient(e) ? settings.retryInterval() : settings.observeInterval();
    LOG.warn(
        "reconcile of {} failed after the last retry; trying again in {}s: {}",
        id,
        next.toSeconds(),
        e.toString());
    return ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry().rescheduleAfter(next);
  }

  /** Errors that may go away without anyone changing anything. */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HostException h) {
        return h.kind().transientFailure();
      }
      if (t instanceof KubernetesClientException k) {
        int code = k.getCode();
        if (code == 0 || code >= 500 || code == 409 || code == 429) {
          return true;
        }
      }
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
