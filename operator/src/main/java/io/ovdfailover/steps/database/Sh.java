package io.ovdfailover.steps.database;

/**
 * POSIX shell and MySQL quoting for the scripts this package builds. Never used on secrets bound
 * for argv.
 */
final class Sh {
  private Sh() {}

  /** Single-quotes a word for {@code sh}: safe for any content, including quotes. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * A MySQL string literal. Backslash escapes are valid because every statement list this package
   * sends starts with {@link #SQL_MODE_PRELUDE}, which removes NO_BACKSLASH_ESCAPES for the
   * session.
   */
  static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0") + "'";
  }

  /** A MySQL identifier (database or table name) in backquotes. */
  static String sqlIdentifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Makes {@link #sqlString} valid whatever the server's sql_mode. */
  static final String SQL_MODE_PRELUDE =
      "SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '');\n";

  /**
   * A value for a MySQL option file ({@code password="..."}): the client unquotes it and decodes
   * {@code \\} and {@code \"}, so any password without a line break survives, including {@code #}
   * (a comment outside quotes).
   */
  static String optionValue(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
