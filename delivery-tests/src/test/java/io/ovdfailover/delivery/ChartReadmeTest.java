package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's README lists the values by hand; this keeps it honest: every top-level value of
 * values.yaml has a row, and every value path a row names exists in values.yaml.
 */
class ChartReadmeTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** The value paths in the first column of the README's values table. */
  static List<String> documentedPaths() {
    List<String> paths = new ArrayList<>();
    String readme = Repo.read(Repo.chart().resolve("README.md"));
    String table = readme.substring(readme.indexOf("## Values"));
    for (String line : table.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String firstCell = line.substring(1, line.indexOf('|', 1));
      Matcher m = CODE.matcher(firstCell);
      while (m.find()) {
        paths.add(m.group(1));
      }
    }
    return paths;
  }

  static JsonNode values() {
    return Repo.documents(Repo.chart().resolve("values.yaml")).get(0);
  }

  @Test
  void everyTopLevelValueHasARow() {
    Set<String> documentedTops = new TreeSet<>();
    documentedPaths().forEach(p -> documentedTops.add(p.split("\\.")[0]));
    Set<String> tops = new TreeSet<>();
    values().fieldNames().forEachRemaining(tops::add);
    assertThat(tops).hasSizeGreaterThan(30);
    assertThat(documentedTops).as("values in README.md's table").containsAll(tops);
  }

  @Test
  void everyPathInTheTableExistsInValuesYaml() {
    List<String> paths = documentedPaths();
    assertThat(paths).isNotEmpty();
    for (String path : paths) {
      JsonNode node = values();
      for (String segment : path.split("\\.")) {
        assertThat(node.has(segment)).as("README.md names %s, not in values.yaml", path).isTrue();
        node = node.path(segment);
      }
    }
  }
}
