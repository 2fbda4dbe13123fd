package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: a Pacemaker configuration built by hand from the guide, in its variants, is adopted by
 * meaning. Each variant is either accepted (no change) or reported (a finding), never silently
 * overwritten, and nothing that would restart a running resource is planned.
 *
 * <p>The base is {@code cluster/cib-started.xml}: a real CIB built with the guide's pcs commands
 * (virtual_ip without nic, as the guide creates it), its VIP set to the lab sample's.
 */
class CibAdoptionTest {
  final OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();
  final DesiredCib desired = OvdResources.desired(spec, Optional.empty());

  static String guideCib() {
    return Fixtures.text("cluster/cib-started.xml").replace("10.20.1.10", "198.18.0.100");
  }

  CibDiff.Analysis analyse(String cib) {
    return CibDiff.analyse(desired, CibConfig.parse(cib));
  }

  @Test
  void theGuidesConfigurationIsAdoptedAsItIsWithVirtualIpWithoutNicEquivalent() {
    CibDiff.Analysis a = analyse(guideCib());
    assertThat(a.changes()).isEmpty();
    assertThat(a.findings())
        .extracting(f -> f.disposition() + " " + f.subject())
        .containsExactly("Equivalent virtual_ip", "Kept virtual_ip_src", "Kept lsyncd");
    assertThat(a.findings().get(0).message()).contains("no nic=eth0", "IPaddr2 finds eth0");
  }

  @Test
  void theSystemdResourcesTimeoutsAreTheSitesUnlessTheSpecNamesThem() {
    String cib =
        guideCib()
            .replace(
                "<op id=\"lsyncd-monitor-interval-60s\"",
                "<op id=\"lsyncd-start\" interval=\"0s\" name=\"start\" timeout=\"100\"/>"
                    + "<op id=\"lsyncd-stop\" interval=\"0\" name=\"stop\" timeout=\"PT10S\"/>"
                    + "<op id=\"lsyncd-monitor-interval-60s\"");
    assertThat(analyse(cib).findings())
        .filteredOn(f -> f.subject().equals("lsyncd"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("start/stop timeouts start 100 s kept"));

    spec.pacemaker.systemdStartStopTimeoutSeconds = 10;
    CibDiff.Analysis named =
        CibDiff.analyse(OvdResources.desired(spec, Optional.empty()), CibConfig.parse(cib));
    assertThat(named.changes())
        .extracting(c -> c.describe() + " | " + String.join(" ", c.pcsArgs(null)))
        .containsExactly(
            "set the operation timeouts of virtual_ip_src (start 10 s, stop 10 s) | resource update"
                + " virtual_ip_src op start timeout=10s op stop timeout=10s",
            "set the operation timeouts of lsyncd (start 10 s) | resource update lsyncd op start"
                + " timeout=10s");
    assertThat(named.findings()).extracting(Finding::subject).containsExactly("virtual_ip");
  }

  @Test
  void withAnotherServiceNicTheMissingNicIsAParameterChangeNotAnEquivalence() {
    spec.vip.nic = "ens192";
    CibDiff.Analysis a = CibDiff.analyse(OvdResources.desired(spec, Optional.empty()), parse());
    assertThat(a.changes())
        .extracting(CibChange::describe)
        .containsExactly("update resource virtual_ip {nic=ens192}");
    assertThat(a.findings())
        .extracting(Finding::subject)
        .containsExactly("virtual_ip_src", "lsyncd");
  }

  private CibConfig parse() {
    return CibConfig.parse(guideCib());
  }

  @Test
  void constraintsUnderOtherIdsAreMatchedByMeaning() {
    String cib =
        guideCib()
            .replace("colocation-virtual_ip_src-virtual_ip-INFINITY", "vip-src-follows-vip")
            .replace("colocation-httpd-virtual_ip-INFINITY", "my-apache-colo")
            .replace("location-virtual_ip-pcs3.priv--INFINITY", "keep-ovd-off-pcs3")
            // pcs writes INFINITY; an admin's crm or cibadmin may write +INFINITY
            .replace(
                "rsc=\"osm_cron\" with-rsc=\"virtual_ip\" score=\"INFINITY\"",
                "rsc=\"osm_cron\" with-rsc=\"virtual_ip\" score=\"+INFINITY\"");
    CibDiff.Analysis a = analyse(cib);
    assertThat(a.changes()).isEmpty();
    assertThat(a.findings())
        .extracting(Finding::subject)
        .containsExactly("virtual_ip", "virtual_ip_src", "lsyncd");
  }

  @Test
  void resourcesCreatedInAnotherOrderAreTheSameResources() {
    String cib = guideCib();
    int httpdStart = cib.indexOf("      <primitive id=\"httpd\"");
    int httpdEnd = cib.indexOf("</primitive>", httpdStart) + "</primitive>\n".length();
    String httpd = cib.substring(httpdStart, httpdEnd);
    String reordered = cib.substring(0, httpdStart) + cib.substring(httpdEnd);
    int first = reordered.indexOf("      <primitive id=\"virtual_ip\"");
    reordered = reordered.substring(0, first) + httpd + reordered.substring(first);
    assertThat(reordered.indexOf("id=\"httpd\""))
        .isLessThan(reordered.indexOf("id=\"virtual_ip\""));
    CibDiff.Analysis a = analyse(reordered);
    assertThat(a.changes()).isEmpty();
    assertThat(CibConfig.parse(reordered).primitives().keySet())
        .containsExactlyInAnyOrderElementsOf(OvdResources.ALL);
  }

  @Test
  void aCliPreferConstraintLeftByAMoveIsKeptAndReportedWithHowToClearIt() {
    String cib =
        guideCib()
            .replace(
                "    </constraints>",
                "      <rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\""
                    + " role=\"Started\" node=\"osm2.priv\" score=\"INFINITY\"/>\n"
                    + "    </constraints>");
    CibDiff.Analysis a = analyse(cib);
    assertThat(a.changes()).as("never removed: that can move the resources").isEmpty();
    assertThat(a.findings())
        .filteredOn(f -> f.subject().equals("cli-prefer-virtual_ip"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept);
              assertThat(f.message())
                  .contains("virtual_ip prefers osm2.priv", "pcs resource clear virtual_ip");
            });
  }

  @Test
  void perResourceBansStandForTheGuidesPatternAndNoPatternIsAdded() {
    StringBuilder bans = new StringBuilder();
    for (String node : List.of("pcs3.priv", "pcs4.priv")) {
      for (String r : OvdResources.ALL) {
        bans.append("      <rsc_location id=\"ban-")
            .append(r)
            .append('-')
            .append(node)
            .append("\" rsc=\"")
            .append(r)
            .append("\" node=\"")
            .append(node)
            .append("\" score=\"-INFINITY\"/>\n");
      }
    }
    String cib =
        guideCib()
            .replaceAll("      <rsc_location id=\"location-virtual_ip-pcs[34][^\n]*\n", "")
            .replace("    </constraints>", bans + "    </constraints>");
    CibDiff.Analysis a = analyse(cib);
    assertThat(a.changes()).isEmpty();
    assertThat(a.findings())
        .filteredOn(f -> f.message().contains("keep all 6 resources off"))
        .hasSize(2)
        .allMatch(f -> f.disposition() == Finding.Disposition.Equivalent);
    // without the ban of one resource on pcs4, the pattern is added there (and only there)
    CibDiff.Analysis partial =
        analyse(cib.replaceAll("[^\n]*id=\"ban-httpd-pcs4.priv\"[^\n]*\n", ""));
    assertThat(partial.changes())
        .extracting(CibChange::describe)
        .containsExactly("keep resources matching (virtual_ip*|osm*|httpd|lsyncd*) off pcs4.priv");
  }

  @Test
  void anAdminsOwnColocationOnTheGuidesResourcesIsKeptAndReported() {
    String cib =
        guideCib()
            .replace(
                "    </constraints>",
                "      <rsc_colocation id=\"site-extra\" rsc=\"lsyncd_cron\" with-rsc=\"httpd\""
                    + " score=\"500\"/>\n    </constraints>");
    CibDiff.Analysis a = analyse(cib);
    assertThat(a.changes()).isEmpty();
    assertThat(a.findings())
        .filteredOn(f -> f.subject().equals("site-extra"))
        .singleElement()
        .satisfies(f -> assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept));
  }
}
