package io.ovdfailover.bench.hosts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script inside the string the operator sends in an SSH exec request. The operator wraps every
 * script as {@code [sudo -n -- ]timeout -k 5 N sh -c '<script>'} (its {@code RemoteCommandLine}); a
 * simulated host has no shell, so it unwraps the one single-quoted argument and looks at the script
 * itself.
 */
public final class ExecLine {
  private static final Pattern WRAPPER =
      Pattern.compile("^(?:sudo -n -- )?timeout -k \\d+ \\d+ sh -c (.*)$", Pattern.DOTALL);

  private ExecLine() {}

  /**
   * The script, or the whole line unchanged when it is not wrapped (a person's {@code ssh node
   * cmd}).
   */
  public static String script(String execLine) {
    Matcher m = WRAPPER.matcher(execLine);
    return m.matches() ? unquote(m.group(1)) : execLine;
  }

  /**
   * One shell word made of single-quoted parts and backslash-escaped characters, the only forms the
   * operator's quoting produces ({@code 'it'\''s'} is {@code it's}).
   *
   * @throws IllegalArgumentException for an unterminated quote or anything after the word
   */
  static String unquote(String word) {
    StringBuilder out = new StringBuilder(word.length());
    int i = 0;
    while (i < word.length()) {
      char c = word.charAt(i);
      if (c == '\'') {
        int end = word.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated single quote");
        }
        out.append(word, i + 1, end);
        i = end + 1;
      } else if (c == '\\' && i + 1 < word.length()) {
        out.append(word.charAt(i + 1));
        i += 2;
      } else if (Character.isWhitespace(c)) {
        throw new IllegalArgumentException("more than one word after sh -c");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
