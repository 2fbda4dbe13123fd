package io.ovdfailover.bench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One scrape of the operator's /metrics (Prometheus text format), enough to sum series and to read
 * a histogram's buckets.
 */
public final class MetricsText {
  /** One series: metric name, labels and value. */
  public record Series(String name, Map<String, String> labels, double value) {}

  private final List<Series> series;

  private MetricsText(List<Series> series) {
    this.series = series;
  }

  public static MetricsText parse(String text) {
    List<Series> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int close = line.lastIndexOf('}');
        labels = labels(line.substring(brace + 1, close));
      } else {
        name = line.substring(0, line.indexOf(' '));
      }
      String value = line.substring(space + 1);
      try {
        out.add(new Series(name, labels, Double.parseDouble(value)));
      } catch (NumberFormatException e) {
        // a timestamp after the value, or +Inf/NaN spelled otherwise: not needed here
      }
    }
    return new MetricsText(out);
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = text.substring(i, eq).strip();
      StringBuilder v = new StringBuilder();
      int j = eq + 2; // after ="
      while (j < text.length() && text.charAt(j) != '"') {
        if (text.charAt(j) == '\\' && j + 1 < text.length()) {
          j++;
        }
        v.append(text.charAt(j++));
      }
      labels.put(key, v.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return labels;
  }

  /** The sum of every series of {@code name} whose labels pass {@code filter}. */
  public double sum(String name, Predicate<Map<String, String>> filter) {
    return series.stream()
        .filter(s -> s.name().equals(name) && filter.test(s.labels()))
        .mapToDouble(Series::value)
        .sum();
  }

  public double sum(String name) {
    return sum(name, l -> true);
  }

  /** Whether any series has this name. */
  public boolean has(String name) {
    return series.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * A histogram's cumulative bucket counts by upper bound (summed over the series that pass {@code
   * filter}), {@code +Inf} as {@link Double#POSITIVE_INFINITY}.
   */
  public TreeMap<Double, Double> buckets(String name, Predicate<Map<String, String>> filter) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (Series s : series) {
      if (s.name().equals(name + "_bucket") && filter.test(s.labels())) {
        String le = s.labels().get("le");
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        out.merge(bound, s.value(), Double::sum);
      }
    }
    return out;
  }

  /** Names of the series, for finding a metric's exact name. */
  public List<String> names() {
    return series.stream().map(Series::name).distinct().sorted().toList();
  }
}
