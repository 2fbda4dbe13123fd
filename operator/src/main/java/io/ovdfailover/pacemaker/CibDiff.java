package io.ovdfailover.pacemaker;

import io.ovdfailover.pacemaker.CibConfig.LiveColocation;
import io.ovdfailover.pacemaker.CibConfig.LiveLocation;
import io.ovdfailover.pacemaker.CibConfig.LivePrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the desired configuration with the live CIB and lists only the changes needed.
 * Constraints are matched by content (resources, node, score), not by id, so constraints an admin
 * created by hand with other ids count as present and nothing is duplicated. A resource an admin
 * disabled (target-role=Stopped) stays disabled: that is reported (converge.AdminOverride), never
 * undone.
 */
public final class CibDiff {
  private CibDiff() {}

  public static List<CibChange> compute(DesiredCib desired, CibConfig live) {
    List<CibChange> changes = new ArrayList<>();
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
                if (!v.equals(have.attributes().get(k))) {
                  differing.put(k, v);
                }
              });
      if (!differing.isEmpty()) {
        changes.add(new CibChange.UpdatePrimitive(want.id(), differing));
      }
    }
    for (DesiredCib.Colocation want : desired.colocations()) {
      if (live.colocations().stream().noneMatch(c -> matches(want, c))) {
        changes.add(new CibChange.AddColocation(want));
      }
    }
    for (DesiredCib.Avoidance want : desired.avoidances()) {
      if (live.locations().stream().noneMatch(l -> matches(want, l))) {
        changes.add(new CibChange.AddAvoidance(want));
      }
    }
    return changes;
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
