package io.ovdfailover.api;

/** Regular expressions shared by the CRD schema and the operator-side validation. */
public final class Patterns {
  private Patterns() {}

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /** A dotted-quad IPv4 address. */
  public static final String IPV4 = "^" + OCTET + "(\\." + OCTET + "){3}$";

  /** An IPv4 network or host in CIDR notation. */
  public static final String IPV4_CIDR = "^" + OCTET + "(\\." + OCTET + "){3}/(3[0-2]|[12]?[0-9])$";

  /** One DNS label (RFC 1123), as used for node hostnames. */
  public static final String HOSTNAME_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** A DNS name or an IPv4 address, for SSH and database hosts. */
  public static final String HOST =
      "^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$";

  /** A Linux interface name (at most 15 characters, no slash or whitespace). */
  public static final String NIC = "^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}$";

  /** An absolute path without whitespace or shell metacharacters. */
  public static final String ABSOLUTE_PATH = "^/[A-Za-z0-9._/@+-]*$";

  /**
   * A folder lsyncd mirrors (with delete): an absolute path in normal form, one or more segments,
   * none empty ({@code //}), {@code .} or {@code ..}, so that nothing resolves to / or outside the
   * folder named (RE2 has no look-ahead: a segment starts with a non-dot, a dot and a non-dot, or
   * two dots and one more character).
   */
  public static final String LSYNCD_FOLDER =
      "^(/([A-Za-z0-9_@+-]|[.][A-Za-z0-9_@+-]|[.][.][A-Za-z0-9._@+-])[A-Za-z0-9._@+-]*)+/?$";

  /**
   * An e-mail address, plainly: a local part of letters, digits and {@code ._%+-}, and a DNS
   * domain. Narrower than RFC 5322 on purpose: the address travels in a pcs argument and an alert
   * agent's environment, so it never holds a quote, space or shell character.
   */
  public static final String EMAIL =
      "^[A-Za-z0-9._%+-]{1,64}@[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$";

  /** A Kubernetes object name (RFC 1123 subdomain). */
  public static final String K8S_NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  /** Pacemaker's load-threshold: a whole percentage, 1% to 9999%. */
  public static final String LOAD_THRESHOLD = "^[1-9][0-9]{0,3}%$";

  /**
   * One cron field of minutes, hours or days of month: *, n, n-m, each with an optional /step,
   * comma lists.
   */
  private static final String CRON_NUM = "(\\*|[0-9]{1,2}(-[0-9]{1,2})?)(/[0-9]{1,2})?";

  /** A month or day-of-week field, which may also use names (JAN, MON). */
  private static final String CRON_NAMED =
      "(\\*|[0-9A-Za-z]{1,3}(-[0-9A-Za-z]{1,3})?)(/[0-9]{1,2})?";

  /**
   * A 5-field cron expression (minute hour day-of-month month day-of-week); the value ranges are
   * checked by the operator.
   */
  public static final String CRON5 =
      "^"
          + CRON_NUM
          + "(,"
          + CRON_NUM
          + ")*( "
          + CRON_NUM
          + "(,"
          + CRON_NUM
          + ")*){2}"
          + "( "
          + CRON_NAMED
          + "(,"
          + CRON_NAMED
          + ")*){2}$";

  /**
   * The shape of an IANA time zone name (Europe/Paris, America/Argentina/Buenos_Aires, Etc/GMT+2,
   * UTC): letters first, then letters, digits, {@code _ + -}, parts separated by slashes. Whether
   * the zone exists is checked by the operator against its time zone database: an enum of the ~600
   * names would freeze one tzdata release into the CRD and drown {@code kubectl explain} and every
   * error message in names.
   */
  public static final String TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

  /** SSH host key algorithms the operator can pin. */
  public static final String HOST_KEY_TYPE =
      "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384"
          + "|ecdsa-sha2-nistp521|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)";

  /**
   * A pinned host key: a SHA256 fingerprint as {@code ssh-keygen -l} prints it, a public key
   * ({@code type base64 [comment]}) or a known_hosts line ({@code hosts type base64 [comment]};
   * hashed host names allowed, markers such as {@code @cert-authority} not).
   */
  public static final String HOST_KEY =
      "^(SHA256:[A-Za-z0-9+/]{43}=?|([^\\s@#][^\\s]* )?"
          + HOST_KEY_TYPE
          + " AAAA[A-Za-z0-9+/]+={0,2}( .*)?)$";
}
