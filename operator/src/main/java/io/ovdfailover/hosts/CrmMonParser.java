package io.ovdfailover.hosts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Parses crm_mon XML. Both layouts share the element and attribute names we read: the Pacemaker 2
 * one ({@code <pacemaker-result>}, from {@code --output-as=xml}) and the 1.1 one ({@code
 * <crm_mon>}, from {@code -X}).
 */
public final class CrmMonParser {
  private CrmMonParser() {}

  /**
   * A script printing crm_mon's XML on every Pacemaker the rows ship, as the facts probe does:
   * {@code --output-as=xml} (Pacemaker 2 and 3), else the 1.1 form {@code -X}. RHEL 7's 1.1.23 and
   * Ubuntu 16.04's 1.1.14 and 18.04's 1.1.18 know no {@code --output-as}: they print only their
   * usage, on stderr. A Pacemaker 2 error keeps its own XML and exit code.
   */
  public static final String XML_SCRIPT =
      """
      xml=$(crm_mon -1 --output-as=xml 2>/dev/null); r=$?
      case $xml in *'<pacemaker-result'*) printf '%s\\n' "$xml"; exit "$r" ;; esac
      exec crm_mon -1 -X
      """;

  public static CrmMonStatus parse(String xml) {
    Element root = parseXml(xml).getDocumentElement();
    String version;
    if (root.getTagName().equals("pacemaker-result")) {
      failOnErrorStatus(root);
      version =
          firstChild(root, "pacemaker-version").map(e -> e.getAttribute("version")).orElse("");
    } else if (root.getTagName().equals("crm_mon")) {
      version = root.getAttribute("version");
    } else {
      throw new FactsFormatException(
          "crm_mon XML has unexpected root element <" + root.getTagName() + ">");
    }
    Optional<Element> summary = firstChild(root, "summary");
    Optional<Element> dcElement = summary.flatMap(s -> firstChild(s, "current_dc"));
    Optional<String> dc =
        dcElement.filter(e -> bool(e, "present")).map(e -> e.getAttribute("name"));
    boolean quorum = dcElement.map(e -> bool(e, "with_quorum")).orElse(false);

    List<CrmMonStatus.Node> nodes = new ArrayList<>();
    firstChild(root, "nodes")
        .ifPresent(
            ns -> {
              for (Element n : children(ns, "node")) {
                nodes.add(
                    new CrmMonStatus.Node(
                        n.getAttribute("name"),
                        bool(n, "online"),
                        bool(n, "standby"),
                        bool(n, "maintenance"),
                        bool(n, "unclean"),
                        bool(n, "is_dc")));
              }
            });
    List<CrmMonStatus.Resource> resources = new ArrayList<>();
    firstChild(root, "resources").ifPresent(rs -> collectResources(rs, resources));
    List<CrmMonStatus.FailedAction> failures = new ArrayList<>();
    firstChild(root, "failures")
        .ifPresent(
            fs -> {
              for (Element f : children(fs, "failure")) {
                failures.add(failure(f));
              }
            });
    return new CrmMonStatus(version, dc, quorum, nodes, resources, failures);
  }

  /**
   * A failure's resource is its {@code op_key} less {@code _TASK_INTERVAL} (httpd_monitor_10000);
   * Pacemaker 1.1 and 2.x write the same attributes.
   */
  private static CrmMonStatus.FailedAction failure(Element f) {
    String task = f.getAttribute("task");
    String opKey = f.getAttribute("op_key");
    String suffix = "_" + task + "_" + f.getAttribute("interval");
    String resource =
        opKey.endsWith(suffix)
            ? opKey.substring(0, opKey.length() - suffix.length())
            : opKey.replaceFirst("_[a-z_]+_[0-9]+$", "");
    return new CrmMonStatus.FailedAction(
        resource,
        f.getAttribute("node"),
        task,
        f.getAttribute("exitstatus"),
        f.getAttribute("exitreason"),
        f.getAttribute("last-rc-change"));
  }

  /**
   * The agent as the CIB and pcs spell it, {@code ocf:heartbeat:IPaddr2}. Pacemaker 2.0 (Debian
   * 11's 2.0.5, recorded in facts/cluster/debian-11-crm_mon.xml) writes {@code
   * ocf::heartbeat:IPaddr2}; 2.1 and 3.0 write the single colon. Classes without a provider ({@code
   * systemd:lsyncd}) are the same in both.
   */
  static String agent(String reported) {
    return reported.replaceFirst("^([a-z]+)::", "$1:");
  }

  /** Walks groups, clones and bundles down to the primitives. */
  private static void collectResources(Element parent, List<CrmMonStatus.Resource> out) {
    for (Element e : children(parent, null)) {
      if (e.getTagName().equals("resource")) {
        List<String> on = new ArrayList<>();
        for (Element n : children(e, "node")) {
          on.add(n.getAttribute("name"));
        }
        out.add(
            new CrmMonStatus.Resource(
                e.getAttribute("id"),
                agent(e.getAttribute("resource_agent")),
                e.getAttribute("role"),
                bool(e, "active"),
                bool(e, "failed"),
                !e.hasAttribute("managed") || bool(e, "managed"),
                on));
      } else {
        collectResources(e, out);
      }
    }
  }

  private static void failOnErrorStatus(Element root) {
    Optional<Element> status = firstChild(root, "status");
    if (status.isPresent() && !"0".equals(status.get().getAttribute("code"))) {
      StringBuilder msg =
          new StringBuilder("crm_mon failed: ").append(status.get().getAttribute("message"));
      for (Element err :
          children(firstChild(status.get(), "errors").orElse(status.get()), "error")) {
        msg.append("; ").append(err.getTextContent().strip());
      }
      throw new FactsFormatException(msg.toString());
    }
  }

  static Document parseXml(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // the XML comes from a remote host: no DTDs, no external entities
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new FactsFormatException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static boolean bool(Element e, String attr) {
    return "true".equals(e.getAttribute(attr));
  }

  static Optional<Element> firstChild(Element parent, String tag) {
    List<Element> c = children(parent, tag);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
  }

  static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      Node n = nl.item(i);
      if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
        out.add(e);
      }
    }
    return out;
  }
}
