package io.ovdfailover.bench.measure;

import java.util.Map;
import java.util.TreeMap;

/** Quantiles of the observations two scrapes of a cumulative histogram saw in between. */
public final class Histograms {
  private Histograms() {}

  /** {@code after - before}, bucket by bucket (the buckets only ever grow). */
  public static TreeMap<Double, Double> delta(
      TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
    TreeMap<Double, Double> d = new TreeMap<>();
    after.forEach((le, n) -> d.put(le, n - before.getOrDefault(le, 0.0)));
    return d;
  }

  /**
   * The {@code q} quantile, interpolated linearly inside the bucket it falls in (as Prometheus's
   * histogram_quantile does); NaN without observations. In the +Inf bucket: the last finite bound.
   */
  public static double quantile(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double total = cumulative.lastEntry().getValue();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = e.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return lowerBound + (e.getKey() - lowerBound) * fraction;
      }
      lowerBound = e.getKey();
      lowerCount = e.getValue();
    }
    return lowerBound;
  }
}
