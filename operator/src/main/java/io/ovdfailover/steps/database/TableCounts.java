package io.ovdfailover.steps.database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exact row counts of every base table of one database, by {@code SELECT COUNT(*)}:
 * information_schema's TABLE_ROWS is an InnoDB estimate (off by tens of percent), useless for a
 * verification.
 */
public record TableCounts(SortedMap<String, Long> rows) {
  public TableCounts {
    rows = Collections.unmodifiableSortedMap(new TreeMap<>(rows));
  }

  /** A table whose count differs, or that one side lacks ({@code null} count). */
  public record Difference(String table, Long source, Long target) {
    @Override
    public String toString() {
      return table
          + " (source "
          + (source == null ? "missing" : source + " rows")
          + ", target "
          + (target == null ? "missing" : target + " rows")
          + ")";
    }
  }

  /**
   * SQL that counts every base table in one result set (table TAB count), built server-side so that
   * one round trip covers any number of tables. The table list comes from information_schema; the
   * counts are exact.
   */
  static String countingSql(String database) {
    String schema = Sh.sqlString(database);
    return "SET SESSION group_concat_max_len = 16777216;\n"
        + "SELECT GROUP_CONCAT(CONCAT('SELECT ', QUOTE(TABLE_NAME), ', COUNT(*) FROM `', "
        + "REPLACE(TABLE_SCHEMA, '`', '``'), '`.`', REPLACE(TABLE_NAME, '`', '``'), '`') "
        + "ORDER BY TABLE_NAME SEPARATOR ' UNION ALL ') INTO @ovd_counts FROM information_schema.TABLES "
        + "WHERE TABLE_SCHEMA = "
        + schema
        + " AND TABLE_TYPE = 'BASE TABLE';\n"
        + "SET @ovd_counts = IFNULL(@ovd_counts, 'SELECT NULL, NULL FROM DUAL WHERE FALSE');\n"
        + "PREPARE ovd_counts FROM @ovd_counts;\nEXECUTE ovd_counts;\nDEALLOCATE PREPARE ovd_counts;\n";
  }

  /** Parses {@code mysql -N -B} output: one {@code table<TAB>count} line per table. */
  static TableCounts parse(String output) {
    SortedMap<String, Long> rows = new TreeMap<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException("unexpected row count line: " + line);
      }
      rows.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).strip()));
    }
    return new TableCounts(rows);
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Every table on either side whose count differs or that the other side lacks; empty when they
   * match.
   */
  public List<Difference> differencesTo(TableCounts target) {
    List<Difference> out = new ArrayList<>();
    TreeSet<String> tables = new TreeSet<>(rows.keySet());
    tables.addAll(target.rows.keySet());
    for (String t : tables) {
      Long s = rows.get(t);
      Long d = target.rows.get(t);
      if (s == null || !s.equals(d)) {
        out.add(new Difference(t, s, d));
      }
    }
    return out;
  }

  /** "12 tables, 734 rows". */
  public String summary() {
    return rows.size() + " tables, " + totalRows() + " rows";
  }

  public Map<String, Long> asMap() {
    return rows;
  }
}
