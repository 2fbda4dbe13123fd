package io.ovdfailover.hosts;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generates the facts probe: one POSIX sh script (dash and bash; Debian and RHEL families) that
 * prints, in sections, everything a reconcile needs from a node. It is read-only, makes no network
 * call (no pcs command that talks to pcsd: {@code crm_mon} and {@code cibadmin} only read the local
 * CIB), bounds every tool that could block with {@code timeout}, and tolerates missing tools: a
 * bare node without pacemaker still answers.
 *
 * <p>Output: a header line {@code @@ovd-facts 1 <token> uid=<n>}, then sections, each opened by
 * {@code @@<token> <name> <status>} where status is {@code ok}, {@code rc=<exit code>}, {@code
 * missing} (tool not installed) or {@code file} (pcs capabilities read from pcsd's capabilities.xml
 * instead of running pcs), and a final {@code @@<token> end ok}. The token is random per probe, so
 * no file content we print (such as /etc/hosts) can forge a section marker; a missing end marker
 * means the output was cut short.
 */
public final class FactsProbe {
  public static final String HEADER = "@@ovd-facts";
  public static final int FORMAT_VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private FactsProbe() {}

  /** The probe as the one read-only command to run on a node. */
  public static Command command(FactsRequest request) {
    return Command.read("gather host facts", script(request, newToken()));
  }

  public static String newToken() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static String script(FactsRequest request, String token) {
    if (!token.matches("[0-9a-f]{8,64}")) {
      throw new IllegalArgumentException("token must be lowercase hex");
    }
    StringBuilder s =
        new StringBuilder(
            PREAMBLE
                .replace("__TOKEN__", token)
                .replace("__PKGS__", "'" + String.join(" ", request.packages()) + "'")
                .replace("__UNITS__", "'" + String.join(" ", request.units()) + "'"));
    s.append(BODY);
    s.append("sec paths ok\n").append(PATHS_LOOP).append("done <<'__OVD_PATHS__'\n");
    for (String p : request.paths()) {
      s.append(p).append('\n');
    }
    s.append("__OVD_PATHS__\n").append(PATHS_JOIN);
    s.append("sec lines ok\n").append(LINES_LOOP).append("done <<'__OVD_LINES__'\n");
    for (LineQuery q : request.lines()) {
      s.append(q.path()).append('\t').append(q.line());
      if (!q.prefix().isEmpty()) {
        s.append('\t').append(q.prefix());
      }
      s.append('\n');
    }
    s.append("__OVD_LINES__\n").append(LINES_COUNT);
    int i = 0;
    for (String f : request.publicFiles()) {
      String q = ShellQuote.quote(f);
      // the content ends with a newline of its own so that the next marker starts a line
      s.append("if [ -r ")
          .append(q)
          .append(" ]; then sec pub.")
          .append(i)
          .append(" ok; printf '%s\\n' ")
          .append(q)
          .append("; head -c 65536 ")
          .append(q)
          .append("; echo; else sec pub.")
          .append(i)
          .append(" missing; printf '%s\\n' ")
          .append(q)
          .append("; fi\n");
      i++;
    }
    if (request.pacemakerState()) {
      s.append(PACEMAKER);
    }
    if (request.clusterState()) {
      s.append(CLUSTER);
    }
    s.append("sec end ok\nexit 0\n");
    return s.toString();
  }

  private static final String PREAMBLE =
      """
      # ovd-failover facts probe (read-only; no network; one round trip)
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
      LC_ALL=C
      export PATH LC_ALL
      T=__TOKEN__
      PKGS=__PKGS__
      UNITS=__UNITS__
      have() { command -v "$1" >/dev/null 2>&1; }
      sec() { printf '@@%s %s %s\\n' "$T" "$1" "$2"; }
      # lim SECONDS CMD...: bound a tool that could block (a hung cluster daemon, a slow resolver)
      lim() { s=$1; shift; if have timeout; then timeout "$s" "$@"; else "$@"; fi; }
      # body TEXT: print a section body (command substitution already removed trailing newlines)
      body() { [ -z "$1" ] || printf '%s\\n' "$1"; }
      # out NAME TOOL CMD...: CMD's stdout is the section body, its exit status goes into the header
      out() {
        n=$1; tool=$2; shift 2
        if have "$tool"; then o=$("$@" 2>/dev/null); r=$?; sec "$n" "rc=$r"; body "$o"; else sec "$n" missing; fi
      }
      content() {
        if [ -r "$2" ]; then o=$(cat "$2"); sec "$1" ok; body "$o"; else sec "$1" missing; fi
      }
      printf '%s %s %s uid=%s\\n' '@@ovd-facts' 1 "$T" "$(id -u 2>/dev/null)"
      """;

  private static final String BODY =
      """
      if [ -r /etc/os-release ]; then content os-release /etc/os-release
      else content os-release /usr/lib/os-release; fi
      out hostname hostname hostname
      out fqdn hostname lim 3 hostname -f
      content hosts /etc/hosts
      out addresses ip ip -o addr show
      if have dpkg-query; then
        o=$(dpkg-query -W -f='${Package}\\t${Status}\\t${Version}\\n' $PKGS 2>/dev/null); r=$?
        sec dpkg "rc=$r"; body "$o"
      else sec dpkg missing; fi
      if have rpm; then
        o=$(rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\n' $PKGS 2>/dev/null); r=$?
        sec rpm "rc=$r"; body "$o"
      else sec rpm missing; fi
      if have systemctl; then
        sec units ok
        # systemd takes ~2 ms to tell that it has no such unit: on a system booted with systemd, a unit with no unit
        # file in its unit directories that it is not running either (no invocation record: a symlink named after the
        # unit, pointing at its invocation ID, so -L and not -e) is reported not-found here without asking it (the
        # guide's list names both distro families' units: most are absent)
        # Only where systemd keeps invocation records (/run/systemd/units, systemd 232+; RHEL 7 has 219), and only
        # for plain service names: a name such as php8.2-fpm has a dot and no unit type, and is always asked.
        if [ -d /run/systemd/system ] && [ -d /run/systemd/units ]; then
          ask=
          for u in $UNITS; do
            case $u in *@*) ask="$ask $u"; continue ;; *.service) f=$u ;; *.*) ask="$ask $u"; continue ;;
              *) f=$u.service ;; esac
            found=
            for d in /etc/systemd/system /run/systemd/system /run/systemd/transient /run/systemd/generator.early \
                /run/systemd/generator /run/systemd/generator.late /usr/local/lib/systemd/system \
                /usr/lib/systemd/system /lib/systemd/system; do
              if [ -e "$d/$f" ] || [ -L "$d/$f" ]; then found=1; break; fi
            done
            if [ -n "$found" ] || [ -L "/run/systemd/units/invocation:$f" ]; then ask="$ask $u"
            else printf '=%s nofile\\nLoadState=not-found\\nUnitFileState=\\nActiveState=inactive\\nSubState=dead\\n' "$u"; fi
          done
          UNITS=${ask# }
        fi
        # one systemctl for all units (each call costs ~10 ms): it prints one block per unit, in argument order,
        # separated by blank lines; awk names the blocks and prints them only when they add up (else it fails and
        # the units are asked one by one). No unit left: ask nothing (systemctl show alone describes systemd itself)
        if [ -n "$UNITS" ]; then
          o=$(lim 5 systemctl show -p LoadState -p UnitFileState -p ActiveState -p SubState $UNITS 2>/dev/null); r=$?
          if [ "$r" -eq 0 ] && awk -v units="$UNITS" 'BEGIN { n = split(units, u, " "); i = 1; b = "=" u[1] " rc=0" }
              /^$/ { i++; b = b "\\n=" u[i] " rc=0"; next } { b = b "\\n" $0; if ($0 ~ /^LoadState=/) c++ }
              END { if (c != n) exit 1; print b }' <<__OVD_UNITS__
      $o
      __OVD_UNITS__
          then UNITS=; fi
        fi
        down=
        for u in $UNITS; do
          # once systemd did not answer (not PID 1, bus down), do not wait on it for every unit
          if [ -n "$down" ]; then printf '=%s skipped\\n' "$u"; continue; fi
          o=$(lim 3 systemctl show -p LoadState -p UnitFileState -p ActiveState -p SubState "$u" 2>/dev/null); r=$?
          printf '=%s rc=%s\\n' "$u" "$r"; body "$o"
          if [ "$r" -ne 0 ] && [ -z "$o" ]; then down=1; fi
        done
      else sec units missing; fi
      # pcs is a Python program (0.5-2 s to start): read its capability list from pcsd's capabilities.xml and
      # take its version from the package database; run pcs only when there is no such file (pcs 0.9)
      cap=
      for f in /usr/share/pcsd/capabilities.xml /usr/lib/pcsd/capabilities.xml /usr/lib64/pcsd/capabilities.xml; do
        if [ -r "$f" ]; then cap=$f; break; fi
      done
      if have pcs && [ -n "$cap" ]; then
        o=$(sed -n 's/.*<capability id="\\([^"]*\\)" in-pcs="1".*/\\1/p' "$cap" | tr '\\n' ' '); sec pcs file
        body "$o"
      elif have pcs; then
        o=$(lim 20 pcs --version --full 2>/dev/null); r=$?
        if [ "$r" -ne 0 ] || [ -z "$o" ]; then o=$(lim 20 pcs --version 2>/dev/null); r=$?; fi
        sec pcs "rc=$r"; body "$o"
      else sec pcs missing; fi
      """;

  /**
   * Links and absent paths are told apart with shell builtins; files and directories are collected
   * and looked at by one {@code stat} and one {@code sha256sum} (a fork or two per path cost about
   * 2 ms each: most of the probe).
   */
  private static final String PATHS_LOOP =
      """
      set --
      while IFS= read -r p; do
        if [ -L "$p" ]; then
          if [ -e "$p" ]; then d=ok; else d=dangling; fi
          printf 'L\\t%s\\t%s\\t%s\\n' "$p" "$d" "$(readlink "$p")"
        elif [ -f "$p" ] || [ -d "$p" ]; then set -- "$@" "$p"
        elif [ -e "$p" ]; then printf 'O\\t%s\\n' "$p"
        else printf '%s\\t%s\\n' - "$p"; fi
      """;

  /**
   * Joins stat's and sha256sum's lines by path (paths hold no tab, newline or backslash, so both
   * print them as given): a directory, a file with its hash, or a file sha256sum could not read.
   */
  private static final String PATHS_JOIN =
      """
      if [ $# -gt 0 ]; then
        { stat --printf 'S\\t%F\\t%a %U %G\\t%n\\n' -- "$@" 2>/dev/null; sha256sum -- "$@" 2>/dev/null; } | awk -F '\t' '
          /^S\\t/ { c++; n[c] = $4; t[$4] = $2; m[$4] = $3; next }
          { h[substr($0, 67)] = substr($0, 1, 64) }
          END {
            for (i = 1; i <= c; i++) {
              p = n[i]
              if (t[p] == "directory") printf "D\\t%s\\t%s\\n", p, m[p]
              else if (p in h) printf "F\\t%s\\t%s\\t%s\\n", p, h[p], m[p]
              else printf "E\\t%s\\n", p
            }
          }'
      fi
      """;

  /**
   * Per query: lines equal to it (blanks trimmed) and lines starting with its prefix. The shell
   * sorts out missing and unreadable files; one awk then reads every queried file (the queries
   * reach it through the environment, which unlike {@code -v} leaves backslashes alone).
   */
  private static final String LINES_LOOP =
      """
      tab='\t'
      nl='
      '
      Q=
      while IFS="$tab" read -r p l k; do
        if [ -r "$p" ] && [ -f "$p" ]; then Q="$Q$p$tab$l$tab$k$nl"
        elif [ -e "$p" ]; then printf 'E\\tE\\t%s\\t%s\\t%s\\n' "$p" "$l" "$k"
        else printf '%s\\t%s\\t%s\\t%s\\t%s\\n' - - "$p" "$l" "$k"; fi
      """;

  private static final String LINES_COUNT =
      """
      if [ -n "$Q" ]; then
        Q=$Q awk 'BEGIN {
          n = split(ENVIRON["Q"], qs, "\\n")
          for (i = 1; i <= n; i++) {
            if (qs[i] == "") continue
            split(qs[i], q, "\\t"); e = 0; c = 0
            while ((getline s < q[1]) > 0) {
              sub(/^[ \\t]+/, "", s); sub(/[ \\t\\r]+$/, "", s)
              if (s == q[2]) e++
              if (q[3] != "" && index(s, q[3]) == 1) c++
            }
            close(q[1])
            printf "%d\\t%d\\t%s\\t%s\\t%s\\n", e, c, q[1], q[2], q[3]
          }
        }'
      fi
      """;

  /**
   * A Pacemaker node's membership files (see {@link PacemakerNodeFiles}). pcsd's known-hosts (pcs
   * 0.10+) and tokens (pcs 0.9) files hold authentication tokens: only their host names are
   * printed. For pcs 0.9's tokens file, whose host names are keys of plain strings, python3 reads
   * the JSON: it is there wherever pcs is (pcs is a Python program); -I -S skips site packages and
   * the environment, which halves its start-up time.
   */
  private static final String PACEMAKER =
      """
      content pcm-corosync-conf /etc/corosync/corosync.conf
      if [ -r /var/lib/pcsd/known-hosts ]; then f=/var/lib/pcsd/known-hosts; k=known_hosts
      elif [ -r /var/lib/pcsd/tokens ]; then f=/var/lib/pcsd/tokens; k=tokens
      else f=; fi
      if [ -z "$f" ]; then sec pcm-known-hosts missing
      elif [ "$k" = known_hosts ]; then
        # pcs writes this JSON with a host name, and only a host name, before each ': {' under known_hosts
        # (tokens are plain string values); grep -o prints those keys alone, without starting python (25 ms)
        o=$(grep -o '"[^"]*": *{' "$f" | sed 's/^"\\([^"]*\\)".*/\\1/' | grep -vx known_hosts); sec pcm-known-hosts ok
        body "$o"
      elif have python3; then
        o=$(python3 -I -S -c 'import json,sys; print("\\n".join(json.load(open(sys.argv[1])).get(sys.argv[2], {})))' \
          "$f" "$k" 2>/dev/null); r=$?
        sec pcm-known-hosts "rc=$r"; body "$o"
      else sec pcm-known-hosts rc=127; fi
      content pcm-mark __MARK__
      """
          .replace("__MARK__", PacemakerNodeFiles.MARK_PATH);

  private static final String CLUSTER =
      """
      if have crm_mon; then
        o=$(lim 15 crm_mon -1 --output-as=xml 2>/dev/null); r=$?
        # Pacemaker 1.1 has no --output-as: its XML comes from -X (--as-xml)
        case $o in *'<pacemaker-result'*) ;; *) o=$(lim 15 crm_mon -1 -X 2>/dev/null); r=$? ;; esac
        sec crm_mon "rc=$r"; body "$o"
      else sec crm_mon missing; fi
      out cib cibadmin lim 15 cibadmin --query
      """;
}
