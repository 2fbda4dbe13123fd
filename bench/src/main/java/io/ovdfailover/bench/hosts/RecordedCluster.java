package io.ovdfailover.bench.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster's view as recorded on the lab's converged cluster (operator/src/test/resources/facts/
 * cluster/SUITE-crm_mon.xml and SUITE-cib.xml): what {@code crm_mon -1 --output-as=xml} and {@code
 * cibadmin --query} printed there. The recording's own comment line is not part of the tools'
 * output and is left out.
 */
public record RecordedCluster(String crmMon, String cib, byte[] crmMonBytes) {

  /**
   * @param suite e.g. {@code debian-13} (from the suite directory {@code debian-13-lab})
   */
  public static RecordedCluster load(Path factsDir, String suite) throws IOException {
    String crm =
        withoutComment(Files.readString(factsDir.resolve("cluster/" + suite + "-crm_mon.xml")));
    String cib =
        withoutComment(Files.readString(factsDir.resolve("cluster/" + suite + "-cib.xml")));
    return new RecordedCluster(crm, cib, (crm.strip() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static String withoutComment(String xml) {
    String s = xml.stripLeading();
    while (s.startsWith("<!--")) {
      int end = s.indexOf("-->");
      s = s.substring(end + 3).stripLeading();
    }
    return s;
  }
}
