package io.ovdfailover.pacemaker;

import io.ovdfailover.hosts.Finding;
import io.ovdfailover.pacemaker.CibConfig.LiveColocation;
import io.ovdfailover.pacemaker.CibConfig.LiveLocation;
import io.ovdfailover.pacemaker.CibConfig.LivePrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares the desired configuration with the live CIB and lists only the changes needed.
 * Constraints are matched by content (resources, node, score), not by id, so constraints an admin
 * created by hand with other ids count as present and nothing is duplicated. A resource an admin
 * disabled (target-role=Stopped) stays disabled: that is reported (converge.AdminOverride), never
 * undone.
 */
public final class CibDiff {
  private CibDiff() {}

  /**
   * The changes, and what the live configuration has that the operator would have built otherwise
   * but accepts or keeps (see docs/migration.md).
   */
  public record Analysis(List<CibChange> changes, List<Finding> findings) {
    public Analysis {
      changes = List.copyOf(changes);
      findings = List.copyOf(findings);
    }
  }

  public static List<CibChange> compute(DesiredCib desired, CibConfig live) {
    return analyse(desired, live).changes();
  }

  public static Analysis analyse(DesiredCib desired, CibConfig live) {
    List<CibChange> changes = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    desired
        .properties()
        .forEach(
            (name, value) -> {
              if (!value.equals(live.properties().get(name))) {
                changes.add(new CibChange.SetProperty(name, value));
              }
            });
    for (DesiredCib.Primitive want : desired.primitives()) {
      LivePrimitive have = live.primitives().get(want.id());
      if (have == null) {
        changes.add(new CibChange.CreatePrimitive(want));
        continue;
      }
      if (!sameAgent(want.agent(), have.agent())) {
        changes.add(new CibChange.Conflict(want.id(), have.agent(), want.agent()));
        continue;
      }
      Map<String, String> differing = new LinkedHashMap<>();
      want.attributes()
          .forEach(
              (k, v) -> {
                String h = have.attributes().get(k);
                if (h == null && want.derived().containsKey(k)) {
                  findings.add(
                      new Finding(
                          Finding.CLUSTER,
                          want.id(),
                          Finding.Disposition.Equivalent,
                          "has no "
                              + k
                              + "="
                              + v
                              + ": "
                              + want.derived().get(k)
                              + "; the same, so it is not set (that would restart "
                              + want.id()
                              + ")"));
                } else if (!v.equals(h)) {
                  differing.put(k, v);
                }
              });
      if (!differing.isEmpty()) {
        changes.add(new CibChange.UpdatePrimitive(want.id(), differing));
      }
      Map<String, Integer> timeouts = new LinkedHashMap<>();
      want.timeoutSeconds()
          .forEach(
              (action, seconds) -> {
                if (!Long.valueOf(seconds * 1000L).equals(have.timeoutMillis().get(action))) {
                  timeouts.put(action, seconds);
                }
              });
      if (!timeouts.isEmpty() && want.timeoutsManaged()) {
        changes.add(new CibChange.SetTimeouts(want.id(), timeouts));
      } else if (!timeouts.isEmpty()) {
        findings.add(
            new Finding(
                Finding.CLUSTER,
                want.id(),
                Finding.Disposition.Kept,
                "start/stop timeouts "
                    + describeLive(have, timeouts.keySet())
                    + " kept: Pacemaker checks a systemd start or stop min(2 s, timeout / 10)"
                    + " after it, so each costs up to 2 s of a switchover (the operator creates"
                    + " these resources with "
                    + timeouts.values().iterator().next()
                    + " s; spec.pacemaker.systemdStartStopTimeoutSeconds sets them here)"));
      }
    }
    for (DesiredCib.Colocation want : desired.colocations()) {
      if (live.colocations().stream().noneMatch(c -> matches(want, c))) {
        changes.add(new CibChange.AddColocation(want));
      }
    }
    List<String> resourceIds = desired.primitives().stream().map(DesiredCib.Primitive::id).toList();
    for (DesiredCib.Avoidance want : desired.avoidances()) {
      if (live.locations().stream().anyMatch(l -> matches(want, l))) {
        continue;
      }
      List<LiveLocation> bans = bansCovering(want.node(), resourceIds, live);
      if (!bans.isEmpty()) {
        findings.add(
            new Finding(
                Finding.CLUSTER,
                String.join(", ", bans.stream().map(LiveLocation::id).toList()),
                Finding.Disposition.Equivalent,
                "keep all "
                    + resourceIds.size()
                    + " resources off "
                    + want.node()
                    + ", as the guide's pattern "
                    + want.rscPattern()
                    + " does: kept, no pattern constraint added"));
      } else {
        changes.add(new CibChange.AddAvoidance(want));
      }
    }
    changes.addAll(alertChanges(desired.alert(), live.alerts().get(OvdResources.OVD_ALERT)));
    findings.addAll(leftBehind(desired, live, resourceIds));
    return new Analysis(changes, findings);
  }

  /**
   * The operator's alert against the live one of its id: recipients matched by value (pcs names
   * them itself), those the spec dropped removed; gone altogether when the spec has no alerts.
   */
  private static List<CibChange> alertChanges(
      Optional<DesiredCib.Alert> want, CibConfig.LiveAlert have) {
    String id = OvdResources.OVD_ALERT;
    List<CibChange> out = new ArrayList<>();
    if (want.isEmpty()) {
      if (have != null) {
        out.add(new CibChange.RemoveAlert(id));
      }
      return out;
    }
    if (have == null) {
      out.add(new CibChange.CreateAlert(id, want.get().path()));
    } else if (!want.get().path().equals(have.path())) {
      out.add(new CibChange.UpdateAlertPath(id, want.get().path()));
    }
    java.util.Collection<String> live = have == null ? List.of() : have.recipients().values();
    for (String r : want.get().recipients()) {
      if (!live.contains(r)) {
        out.add(new CibChange.AddAlertRecipient(id, r));
      }
    }
    if (have != null) {
      have.recipients()
          .forEach(
              (rid, value) -> {
                if (!want.get().recipients().contains(value)) {
                  out.add(new CibChange.RemoveAlertRecipient(id, rid, value));
                }
              });
    }
    return out;
  }

  private static String describeLive(LivePrimitive have, java.util.Set<String> actions) {
    List<String> parts = new ArrayList<>();
    for (String action : actions) {
      Long ms = have.timeoutMillis().get(action);
      parts.add(
          action
              + " "
              + (ms == null
                  ? "Pacemaker's default"
                  : (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0))
                      + " s"));
    }
    return String.join(", ", parts);
  }

  /**
   * The live -INFINITY locations on {@code node} that together keep every one of {@code ids} off it
   * (per resource, or by any pattern that matches them: Pacemaker matches rsc-pattern as an
   * unanchored regular expression); empty when some id is not covered.
   */
  private static List<LiveLocation> bansCovering(String node, List<String> ids, CibConfig live) {
    List<LiveLocation> bans =
        live.locations().stream()
            .filter(l -> node.equals(l.node()) && isMinusInfinity(l.score()))
            .toList();
    List<LiveLocation> used = new ArrayList<>();
    for (String id : ids) {
      Optional<LiveLocation> ban =
          bans.stream()
              .filter(l -> id.equals(l.rsc()) || patternMatches(l.rscPattern(), id))
              .findFirst();
      if (ban.isEmpty()) {
        return List.of();
      }
      if (!used.contains(ban.get())) {
        used.add(ban.get());
      }
    }
    return used;
  }

  private static boolean patternMatches(String pattern, String id) {
    if (pattern == null) {
      return false;
    }
    try {
      return Pattern.compile(pattern).matcher(id).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /**
   * Constraints on the guide's resources that the operator does not build: a {@code cli-*} location
   * a {@code pcs resource move} or {@code ban} left behind, or an admin's own. Removing one can
   * move the resources, so they are kept and reported.
   */
  private static List<Finding> leftBehind(
      DesiredCib desired, CibConfig live, List<String> resourceIds) {
    List<Finding> out = new ArrayList<>();
    for (LiveLocation l : live.locations()) {
      boolean ours =
          (l.rsc() != null && resourceIds.contains(l.rsc()))
              || (l.rscPattern() != null
                  && resourceIds.stream().anyMatch(id -> patternMatches(l.rscPattern(), id)));
      boolean wanted =
          desired.avoidances().stream().anyMatch(a -> matches(a, l))
              || (isMinusInfinity(l.score())
                  && l.node() != null
                  && desired.avoidances().stream().anyMatch(a -> a.node().equals(l.node())));
      if (!ours || wanted) {
        continue;
      }
      String what =
          (l.rsc() != null ? l.rsc() : "resources matching " + l.rscPattern())
              + (isMinusInfinity(l.score()) ? " banned from " : " prefers ")
              + (l.node() != null ? l.node() : "the nodes its rule selects")
              + " (score "
              + l.score()
              + ")";
      out.add(
          new Finding(
              Finding.CLUSTER,
              l.id(),
              Finding.Disposition.Kept,
              l.id().startsWith("cli-")
                  ? what
                      + ", left by pcs resource move or ban: kept, removing it can move the"
                      + " resources; `pcs resource clear "
                      + (l.rsc() != null ? l.rsc() : "RESOURCE")
                      + "` removes it"
                  : what + ": the site's constraint, kept"));
    }
    for (LiveColocation c : live.colocations()) {
      boolean ours = resourceIds.contains(c.rsc()) || resourceIds.contains(c.withRsc());
      boolean wanted = desired.colocations().stream().anyMatch(w -> matches(w, c));
      if (ours && !wanted) {
        out.add(
            new Finding(
                Finding.CLUSTER,
                c.id(),
                Finding.Disposition.Kept,
                c.rsc()
                    + " with "
                    + c.withRsc()
                    + " (score "
                    + c.score()
                    + "): not one of the guide's colocations, the site's: kept"));
      }
    }
    return out;
  }

  private static boolean isMinusInfinity(String score) {
    return score != null && score.equals("-INFINITY");
  }

  private static boolean sameAgent(String a, String b) {
    // "systemd:lsyncd" is written back as class=systemd type=lsyncd; ocf agents keep their provider
    return a.equalsIgnoreCase(b);
  }

  private static boolean matches(DesiredCib.Colocation want, LiveColocation have) {
    return want.rsc().equals(have.rsc())
        && want.withRsc().equals(have.withRsc())
        && isInfinity(have.score());
  }

  private static boolean matches(DesiredCib.Avoidance want, LiveLocation have) {
    return Objects.equals(want.rscPattern(), have.rscPattern())
        && want.node().equals(have.node())
        && have.score() != null
        && have.score().replace("+", "").equals("-INFINITY");
  }

  private static boolean isInfinity(String score) {
    return score != null && (score.equals("INFINITY") || score.equals("+INFINITY"));
  }
}
