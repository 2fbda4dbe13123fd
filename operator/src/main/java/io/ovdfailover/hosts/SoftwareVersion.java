package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted version as tools print it ({@code 0.11.5}, {@code 2.1.5}, {@code 1.1.18-2b07d5c5a9}).
 * Only the leading numeric components are compared; a suffix is kept for display. Used to pick the
 * pcs syntax from the installed pcs rather than from the distribution name.
 */
public record SoftwareVersion(String text, List<Integer> numbers)
    implements Comparable<SoftwareVersion> {
  private static final Pattern LEADING = Pattern.compile("(\\d+(?:\\.\\d+)*)");

  public SoftwareVersion {
    Objects.requireNonNull(text, "text");
    numbers = List.copyOf(numbers);
  }

  /** Parses the first dotted number found in {@code text}; fails when there is none. */
  public static SoftwareVersion parse(String text) {
    Matcher m = LEADING.matcher(text == null ? "" : text);
    if (!m.find()) {
      throw new IllegalArgumentException("no version number in '" + text + "'");
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      parts.add(Integer.parseInt(p));
    }
    return new SoftwareVersion(text.strip(), parts);
  }

  public static SoftwareVersion of(String dotted) {
    return parse(dotted);
  }

  public boolean atLeast(String dotted) {
    return compareTo(parse(dotted)) >= 0;
  }

  @Override
  public int compareTo(SoftwareVersion o) {
    int n = Math.max(numbers.size(), o.numbers.size());
    for (int i = 0; i < n; i++) {
      int a = i < numbers.size() ? numbers.get(i) : 0;
      int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
