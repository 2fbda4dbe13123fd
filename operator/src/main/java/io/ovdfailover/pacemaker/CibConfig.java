package io.ovdfailover.pacemaker;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The configuration section of a live CIB ({@code cibadmin --query}), reduced to what the operator
 * manages.
 */
public record CibConfig(
    Map<String, String> properties,
    Map<String, LivePrimitive> primitives,
    List<LiveColocation> colocations,
    List<LiveLocation> locations,
    Map<String, LiveAlert> alerts) {

  /** An alert: its agent and its recipients (recipient id to value). */
  public record LiveAlert(String id, String path, Map<String, String> recipients) {}

  /**
   * A primitive as found in the CIB, with its meta attribute target-role if set.
   *
   * @param timeoutMillis the timeout of each non-recurring operation (start, stop) the resource
   *     defines, in milliseconds; an operation without its own timeout is absent
   */
  public record LivePrimitive(
      String id,
      String agent,
      Map<String, String> attributes,
      String targetRole,
      Map<String, Long> timeoutMillis) {
    public boolean disabled() {
      return "Stopped".equalsIgnoreCase(targetRole);
    }
  }

  public record LiveColocation(String id, String rsc, String withRsc, String score) {}

  /**
   * A location constraint on a resource ({@code rsc}) or a pattern ({@code rscPattern}); rule-based
   * ones have no node.
   */
  public record LiveLocation(String id, String rsc, String rscPattern, String node, String score) {}

  public Optional<LivePrimitive> primitive(String id) {
    return Optional.ofNullable(primitives.get(id));
  }

  public static CibConfig parse(String cibXml) {
    Document doc = parseXml(cibXml);
    Map<String, String> props = new LinkedHashMap<>();
    for (Element set : elements(doc.getDocumentElement(), "cluster_property_set")) {
      for (Element nv : elements(set, "nvpair")) {
        props.put(nv.getAttribute("name"), nv.getAttribute("value"));
      }
    }
    Map<String, LivePrimitive> prims = new LinkedHashMap<>();
    for (Element p : elements(doc.getDocumentElement(), "primitive")) {
      String cls = p.getAttribute("class");
      String provider = p.getAttribute("provider");
      String agent =
          cls + ":" + (provider.isEmpty() ? "" : provider + ":") + p.getAttribute("type");
      Map<String, String> attrs = new LinkedHashMap<>();
      String targetRole = null;
      for (Element ia : children(p, "instance_attributes")) {
        for (Element nv : children(ia, "nvpair")) {
          attrs.put(nv.getAttribute("name"), nv.getAttribute("value"));
        }
      }
      for (Element ma : children(p, "meta_attributes")) {
        for (Element nv : children(ma, "nvpair")) {
          if ("target-role".equals(nv.getAttribute("name"))) {
            targetRole = nv.getAttribute("value");
          }
        }
      }
      Map<String, Long> timeouts = new LinkedHashMap<>();
      for (Element ops : children(p, "operations")) {
        for (Element op : children(ops, "op")) {
          Optional<Long> ms = PacemakerDuration.millis(op.getAttribute("timeout"));
          if (ms.isPresent()
              && PacemakerDuration.millis(op.getAttribute("interval")).orElse(0L) == 0) {
            timeouts.put(op.getAttribute("name"), ms.get());
          }
        }
      }
      prims.put(
          p.getAttribute("id"),
          new LivePrimitive(p.getAttribute("id"), agent, attrs, targetRole, timeouts));
    }
    List<LiveColocation> colos = new ArrayList<>();
    for (Element c : elements(doc.getDocumentElement(), "rsc_colocation")) {
      colos.add(
          new LiveColocation(
              c.getAttribute("id"),
              c.getAttribute("rsc"),
              c.getAttribute("with-rsc"),
              c.getAttribute("score")));
    }
    List<LiveLocation> locs = new ArrayList<>();
    for (Element l : elements(doc.getDocumentElement(), "rsc_location")) {
      locs.add(
          new LiveLocation(
              l.getAttribute("id"),
              emptyToNull(l.getAttribute("rsc")),
              emptyToNull(l.getAttribute("rsc-pattern")),
              emptyToNull(l.getAttribute("node")),
              emptyToNull(l.getAttribute("score"))));
    }
    Map<String, LiveAlert> alerts = new LinkedHashMap<>();
    for (Element a : elements(doc.getDocumentElement(), "alert")) {
      Map<String, String> recipients = new LinkedHashMap<>();
      for (Element r : children(a, "recipient")) {
        recipients.put(r.getAttribute("id"), r.getAttribute("value"));
      }
      alerts.put(
          a.getAttribute("id"),
          new LiveAlert(a.getAttribute("id"), a.getAttribute("path"), recipients));
    }
    return new CibConfig(props, prims, colos, locs, alerts);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Document parseXml(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // the CIB comes from a managed host: no DTDs, no external entities
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      return b.parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a CIB XML document: " + e.getMessage(), e);
    }
  }

  private static List<Element> elements(Element root, String tag) {
    NodeList nl = root.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>(nl.getLength());
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && tag.equals(e.getTagName())) {
        out.add(e);
      }
    }
    return out;
  }
}
