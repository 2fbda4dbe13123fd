package io.ovdfailover.steps.guide;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.util.ArrayList;
import java.util.List;

/** Chapter I and V: the /etc/hosts entries each node needs. */
public final class GuideHosts {
  private GuideHosts() {}

  /** One /etc/hosts line: an address and its names, in order. */
  public record Entry(String address, List<String> names) {
    public String line() {
      return address + " " + String.join(" ", names);
    }
  }

  /**
   * Every node's private name ({@code 192.168.100.11 osm1.priv}); on a session manager, the other
   * session manager's line also carries {@code the-other-osm}, the name lsyncd and the sync key
   * use.
   */
  public static List<Entry> entriesFor(OvdFailoverClusterSpec spec, String selfName) {
    List<Entry> entries = new ArrayList<>();
    String otherOsm = otherSessionManager(spec, selfName);
    for (NodeSpec n : spec.allNodes()) {
      List<String> names = new ArrayList<>();
      names.add(n.name + "." + spec.privateNetwork.domain);
      if (n.name.equals(otherOsm)) {
        names.add(GuideFiles.THE_OTHER_OSM);
      }
      entries.add(new Entry(n.privateAddress, names));
    }
    return entries;
  }

  /** The other session manager's name when {@code selfName} is a session manager, else null. */
  public static String otherSessionManager(OvdFailoverClusterSpec spec, String selfName) {
    if (spec.sessionManagers.size() != 2) {
      return null;
    }
    String a = spec.sessionManagers.get(0).name;
    String b = spec.sessionManagers.get(1).name;
    return selfName.equals(a) ? b : selfName.equals(b) ? a : null;
  }
}
