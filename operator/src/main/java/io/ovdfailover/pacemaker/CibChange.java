package io.ovdfailover.pacemaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One difference between the desired and the live configuration, as the pcs command that removes
 * it. The commands are applied to a shadow copy of the CIB ({@code pcs -f}) and pushed as one diff,
 * so the six resources and their constraints appear atomically: lsyncd never starts before its
 * colocation exists (the guide creates it disabled and enables it later for that reason).
 */
public sealed interface CibChange {

  /** Words for events, logs and the plan in status. */
  String describe();

  /** pcs arguments after {@code pcs -f FILE}. */
  List<String> pcsArgs(PcsVersion pcs);

  record SetProperty(String name, String value) implements CibChange {
    public String describe() {
      return "set cluster property " + name + "=" + value;
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("property", "set", name + "=" + value);
    }
  }

  record CreatePrimitive(DesiredCib.Primitive primitive) implements CibChange {
    public String describe() {
      return "create resource " + primitive.id() + " (" + primitive.agent() + ")";
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      List<String> a =
          new ArrayList<>(List.of("resource", "create", primitive.id(), primitive.agent()));
      for (Map.Entry<String, String> e : primitive.attributes().entrySet()) {
        a.add(e.getKey() + "=" + e.getValue());
      }
      a.addAll(SetTimeouts.opArgs(primitive.timeoutSeconds()));
      if (primitive.isSystemd()) {
        // pcs validates systemd agents against the local systemd; the unit files exist on the
        // session managers
        // only (by design), so creating from a quorum node needs --force. systemd agents take no
        // attributes.
        a.add("--force");
      }
      return a;
    }
  }

  record UpdatePrimitive(String id, Map<String, String> attributes) implements CibChange {
    public String describe() {
      return "update resource " + id + " " + attributes;
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      List<String> a = new ArrayList<>(List.of("resource", "update", id));
      attributes.forEach((k, v) -> a.add(k + "=" + v));
      return a;
    }
  }

  /**
   * New timeouts for some of a resource's operations. Unlike new parameters, Pacemaker restarts
   * nothing for this (checked on the lab: a running lsyncd stays up), so it needs no downtime.
   */
  record SetTimeouts(String id, Map<String, Integer> seconds) implements CibChange {
    public String describe() {
      List<String> parts = new ArrayList<>();
      seconds.forEach((action, s) -> parts.add(action + " " + s + " s"));
      return "set the operation timeouts of " + id + " (" + String.join(", ", parts) + ")";
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      List<String> a = new ArrayList<>(List.of("resource", "update", id));
      a.addAll(opArgs(seconds));
      return a;
    }

    /** {@code op start timeout=10s op stop timeout=10s}, as pcs create and update take them. */
    static List<String> opArgs(Map<String, Integer> seconds) {
      List<String> a = new ArrayList<>();
      seconds.forEach((action, s) -> a.addAll(List.of("op", action, "timeout=" + s + "s")));
      return a;
    }
  }

  record AddColocation(DesiredCib.Colocation colocation) implements CibChange {
    public String describe() {
      return "colocate " + colocation.rsc() + " with " + colocation.withRsc();
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return pcs.isPcs010OrLater()
          ? List.of(
              "constraint",
              "colocation",
              "add",
              colocation.rsc(),
              "with",
              colocation.withRsc(),
              "INFINITY")
          : List.of(
              "constraint",
              "colocation",
              "add",
              colocation.rsc(),
              colocation.withRsc(),
              "INFINITY");
    }
  }

  record AddAvoidance(DesiredCib.Avoidance avoidance) implements CibChange {
    public String describe() {
      return "keep resources matching " + avoidance.rscPattern() + " off " + avoidance.node();
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of(
          "constraint", "location", "regexp%" + avoidance.rscPattern(), "avoids", avoidance.node());
    }
  }

  /** Appendix 2: the alert, with the agent Pacemaker runs for it. */
  record CreateAlert(String id, String path) implements CibChange {
    public String describe() {
      return "create alert " + id + " (" + path + ")";
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("alert", "create", "path=" + path, "id=" + id);
    }
  }

  /** The alert runs another agent than the desired one. */
  record UpdateAlertPath(String id, String path) implements CibChange {
    public String describe() {
      return "point alert " + id + " at " + path;
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("alert", "update", id, "path=" + path);
    }
  }

  /** One more recipient: an e-mail address, or the log behind Kubernetes Events. */
  record AddAlertRecipient(String alertId, String value) implements CibChange {
    public String describe() {
      return "add recipient " + value + " to alert " + alertId;
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("alert", "recipient", "add", alertId, "value=" + value);
    }
  }

  /** A recipient the spec no longer lists, by its id in the CIB. */
  record RemoveAlertRecipient(String alertId, String recipientId, String value)
      implements CibChange {
    public String describe() {
      return "remove recipient " + value + " from alert " + alertId;
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("alert", "recipient", "remove", recipientId);
    }
  }

  /** The operator's alert, once spec.alerts is gone. */
  record RemoveAlert(String id) implements CibChange {
    public String describe() {
      return "remove alert " + id + " (spec.alerts is unset)";
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      return List.of("alert", "remove", id);
    }
  }

  /**
   * A live primitive with the id of a desired one but another agent. pcs cannot change an agent in
   * place and deleting a resource the site may rely on is not the operator's call: this is
   * reported, never applied.
   */
  record Conflict(String id, String liveAgent, String desiredAgent) implements CibChange {
    public String describe() {
      return "resource "
          + id
          + " exists with agent "
          + liveAgent
          + " but the guide wants "
          + desiredAgent
          + "; delete or rename it (pcs resource delete "
          + id
          + ") and the operator recreates it";
    }

    public List<String> pcsArgs(PcsVersion pcs) {
      throw new UnsupportedOperationException(describe());
    }
  }
}
