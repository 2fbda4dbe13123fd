package io.ovdfailover.converge;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Kubernetes Events about a resource (what {@code kubectl describe} shows under Events). */
public interface EventRecorder {
  /** An Event's type, as Kubernetes knows two. */
  enum Type {
    Normal,
    Warning
  }

  /** Records one event; never throws (an event is a courtesy, not part of the reconcile). */
  void record(HasMetadata involved, Type type, EventReason reason, String message);
}
