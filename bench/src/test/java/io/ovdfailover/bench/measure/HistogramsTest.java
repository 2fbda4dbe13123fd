package io.ovdfailover.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistogramsTest {
  static TreeMap<Double, Double> buckets(double... boundAndCount) {
    TreeMap<Double, Double> m = new TreeMap<>();
    for (int i = 0; i < boundAndCount.length; i += 2) {
      m.put(boundAndCount[i], boundAndCount[i + 1]);
    }
    return m;
  }

  @Test
  void quantilesInterpolateInsideTheirBucket() {
    // 100 observations: 50 up to 0.1 s, 40 more up to 0.5 s, 10 more up to 2 s
    TreeMap<Double, Double> h = buckets(0.1, 50, 0.5, 90, 2.0, 100, Double.POSITIVE_INFINITY, 100);
    assertThat(Histograms.quantile(h, 0.5)).isCloseTo(0.1, within(1e-9));
    assertThat(Histograms.quantile(h, 0.7)).isCloseTo(0.3, within(1e-9));
    assertThat(Histograms.quantile(h, 0.99)).isCloseTo(1.85, within(1e-9));
  }

  @Test
  void theWindowIsTheDifferenceOfTwoScrapes() {
    TreeMap<Double, Double> before = buckets(0.1, 10, 1.0, 10, Double.POSITIVE_INFINITY, 10);
    TreeMap<Double, Double> after = buckets(0.1, 10, 1.0, 20, Double.POSITIVE_INFINITY, 20);
    TreeMap<Double, Double> d = Histograms.delta(before, after);
    assertThat(Histograms.quantile(d, 0.5)).isCloseTo(0.55, within(1e-9));
    assertThat(Histograms.quantile(buckets(), 0.5)).isNaN();
  }

  @Test
  void prometheusTextIsSummedAndItsBucketsRead() {
    MetricsText m =
        MetricsText.parse(
            "# HELP x\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"eden\"} 10.0\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"old\"} 5.0\n"
                + "jvm_memory_used_bytes{area=\"nonheap\",id=\"meta\"} 7.0\n"
                + "t_seconds_bucket{controller=\"a\",le=\"0.5\"} 3\n"
                + "t_seconds_bucket{controller=\"a\",le=\"+Inf\"} 4\n");
    assertThat(m.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))).isEqualTo(15.0);
    assertThat(m.buckets("t_seconds", l -> "a".equals(l.get("controller"))))
        .containsEntry(0.5, 3.0)
        .containsEntry(Double.POSITIVE_INFINITY, 4.0);
  }
}
