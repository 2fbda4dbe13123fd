#!/bin/sh
# ovd-failover facts probe (read-only; no network; one round trip). FactsProbe sends this file with its
# inputs assigned in front of it; for a local run, set them in the environment (sh facts-probe.sh).
# Output: a header line, then sections opened by "@@$T NAME STATUS" (FactsParser reads them).
#
# Inputs:
#   T          the probe's random token (lowercase hex): no file content can forge a section marker
#   PKGS       package names asked of dpkg and rpm alike, separated by spaces
#   UNITS      systemd units, separated by spaces
#   PATHS      files, directories and links to look at, one a line
#   LINES      line queries, one a line: PATH, LINE and PREFIX (may be empty), separated by tabs
#   PUBLIC     public files whose content is printed (keys, authorized_keys, known_hosts), one a line
#   STAMPS     files whose modification and change times are printed (the lsyncd canary), one a line
#   TAILS      logs whose last TAILN lines are printed (lsyncd's), one a line
#   MARK       the operator's hacluster password mark, printed with the Pacemaker membership files
#   PACEMAKER  non-empty: print a Pacemaker node's membership files (corosync.conf, pcsd's host names, MARK)
#              and, with a quorum device, votequorum's view
#   CLUSTER    non-empty: print the cluster view (crm_mon and the CIB)
#   K_PKG      the package stamp of the last probe (FactsMemory): if the package database and pcsd's
#              capabilities.xml still have it, dpkg, rpm and pcs are answered "same", without their bodies
#   K_CIB      the CIB stamp of the last probe: if the CIB still has it, cib and crm_mon are answered "same"
#   K_FILES    the files stamp of the last probe: if the public files and the Pacemaker membership files still
#              have it, the pub.N and pcm-* sections are answered "same"
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
T=${T:?} PKGS=${PKGS-} UNITS=${UNITS-} PATHS=${PATHS-} LINES=${LINES-} PUBLIC=${PUBLIC-}
STAMPS=${STAMPS-} TAILS=${TAILS-} TAILN=${TAILN:-40}
MARK=${MARK-} PACEMAKER=${PACEMAKER-} CLUSTER=${CLUSTER-} K_PKG=${K_PKG-} K_CIB=${K_CIB-}
K_FILES=${K_FILES-}
have() { command -v "$1" >/dev/null 2>&1; }
# sec NAME STATUS [STAMP]: a section's marker; a stamped section carries its change stamp to the end of the line
sec() { printf '@@%s %s %s%s\n' "$T" "$1" "$2" "${3:+ $3}"; }
# lim SECONDS CMD...: bound a tool that could block (a hung cluster daemon, a slow resolver)
lim() { s=$1; shift; if have timeout; then timeout "$s" "$@"; else "$@"; fi; }
# body TEXT: print a section body (command substitution already removed trailing newlines)
body() { [ -z "$1" ] || printf '%s\n' "$1"; }
# out NAME TOOL CMD...: CMD's stdout is the section body, its exit status goes into the header
out() {
  n=$1; tool=$2; shift 2
  if have "$tool"; then o=$("$@" 2>/dev/null); r=$?; sec "$n" "rc=$r"; body "$o"; else sec "$n" missing; fi
}
content() {
  if [ -r "$2" ]; then o=$(cat "$2"); sec "$1" ok "$3"; body "$o"; else sec "$1" missing "$3"; fi
}
# the effective uid and the host name from the kernel, without starting id and hostname (each process start
# costs a node 1-5 ms)
uid=
if [ -r /proc/self/status ]; then
  while read -r k r e x; do if [ "$k" = Uid: ]; then uid=$e; break; fi; done < /proc/self/status
fi
[ -n "$uid" ] || uid=$(id -u 2>/dev/null)
printf '%s %s %s uid=%s\n' '@@ovd-facts' 1 "$T" "$uid"
if [ -r /etc/os-release ]; then content os-release /etc/os-release
else content os-release /usr/lib/os-release; fi
h=
if [ -r /proc/sys/kernel/hostname ]; then read -r h < /proc/sys/kernel/hostname; fi
if [ -n "$h" ]; then sec hostname rc=0; body "$h"; else out hostname hostname hostname; fi
out fqdn hostname lim 3 hostname -f
content hosts /etc/hosts
out addresses ip ip -o addr show
cap=
for f in /usr/share/pcsd/capabilities.xml /usr/lib/pcsd/capabilities.xml /usr/lib64/pcsd/capabilities.xml; do
  if [ -r "$f" ]; then cap=$f; break; fi
done
# The package stamp: inode, size, modification and change time (nanoseconds) of dpkg's status file and journal
# directory, rpm's database files and pcsd's capabilities.xml, in one stat. dpkg and rpm write these on every
# change (dpkg's status is replaced, a new inode), so while the stamp holds, dpkg-query and rpm (12 ms here, more
# with rpm) would print what they printed last time: the three sections are answered "same". An empty stamp
# (no stat, no database) never matches.
pst=$(stat --printf '%n %i %s %y %z;' -- /var/lib/dpkg/status /var/lib/dpkg/updates /var/lib/rpm/* \
  /usr/lib/sysimage/rpm/* $cap 2>/dev/null)
if have pcs; then pst="$pst pcs"; fi
if [ -n "$pst" ] && [ "$pst" = "$K_PKG" ]; then
  sec dpkg same "$pst"; sec rpm same "$pst"; sec pcs same "$pst"
else
if have dpkg-query; then
  o=$(dpkg-query -W -f='${Package}\t${Status}\t${Version}\n' $PKGS 2>/dev/null); r=$?
  sec dpkg "rc=$r" "$pst"; body "$o"
else sec dpkg missing "$pst"; fi
if have rpm; then
  o=$(rpm -q --qf '%{NAME}\t%{VERSION}-%{RELEASE}\n' $PKGS 2>/dev/null); r=$?
  sec rpm "rc=$r" "$pst"; body "$o"
else sec rpm missing "$pst"; fi
# pcs is a Python program (0.5-2 s to start): read its capability list from pcsd's capabilities.xml and
# take its version from the package database; run pcs only when there is no such file (pcs 0.9)
if have pcs && [ -n "$cap" ]; then
  o=$(sed -n 's/.*<capability id="\([^"]*\)" in-pcs="1".*/\1/p' "$cap" | tr '\n' ' '); sec pcs file "$pst"
  body "$o"
elif have pcs; then
  o=$(lim 20 pcs --version --full 2>/dev/null); r=$?
  if [ "$r" -ne 0 ] || [ -z "$o" ]; then o=$(lim 20 pcs --version 2>/dev/null); r=$?; fi
  sec pcs "rc=$r" "$pst"; body "$o"
else sec pcs missing "$pst"; fi
fi
# the yum/dnf repositories that are enabled, by id (a package that comes from EPEL is installable only where an
# EPEL repository is): a [section] of /etc/yum.repos.d/*.repo is enabled unless it says enabled=0. One awk, no
# yum or dnf (a Python start, and they may want the network)
if [ -d /etc/yum.repos.d ]; then
  sec repos ok
  for f in /etc/yum.repos.d/*.repo; do
    # the glob matched a file (else it stays as written): one awk reads them all
    [ -e "$f" ] || break
    awk 'function done() { if (id != "" && on) print id; id = "" }
      FNR == 1 { done() }
      /^[ \t]*\[[^]]*\][ \t\r]*$/ { done(); id = $0; sub(/^[ \t]*\[/, "", id); sub(/\].*$/, "", id); on = 1; next }
      /^[ \t]*enabled[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t\r]+$/, "", v); v = tolower(v)
        on = !(v == "0" || v == "false" || v == "no" || v == "off"); next }
      END { done() }' /etc/yum.repos.d/*.repo 2>/dev/null
    break
  done
else sec repos missing; fi
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
      for d in /etc/systemd/system /run/systemd/system /run/systemd/transient /run/systemd/generator.early           /run/systemd/generator /run/systemd/generator.late /usr/local/lib/systemd/system           /usr/lib/systemd/system /lib/systemd/system; do
        if [ -e "$d/$f" ] || [ -L "$d/$f" ]; then found=1; break; fi
      done
      if [ -n "$found" ] || [ -L "/run/systemd/units/invocation:$f" ]; then ask="$ask $u"
      else printf '=%s nofile\nLoadState=not-found\nUnitFileState=\nActiveState=inactive\nSubState=dead\n' "$u"; fi
    done
    UNITS=${ask# }
  fi
  # one systemctl for all units (each call costs ~10 ms): it prints one block per unit, in argument order,
  # separated by blank lines; awk names the blocks and prints them only when they add up (else it fails and
  # the units are asked one by one). No unit left: ask nothing (systemctl show alone describes systemd itself)
  if [ -n "$UNITS" ]; then
    o=$(lim 5 systemctl show -p LoadState -p UnitFileState -p ActiveState -p SubState $UNITS 2>/dev/null); r=$?
    if [ "$r" -eq 0 ] && awk -v units="$UNITS" 'BEGIN { n = split(units, u, " "); i = 1; b = "=" u[1] " rc=0" }
        /^$/ { i++; b = b "\n=" u[i] " rc=0"; next } { b = b "\n" $0; if ($0 ~ /^LoadState=/) c++ }
        END { if (c != n) exit 1; print b }' <<__OVD_UNITS__
$o
__OVD_UNITS__
    then UNITS=; fi
  fi
  down=
  for u in $UNITS; do
    # once systemd did not answer (not PID 1, bus down), do not wait on it for every unit
    if [ -n "$down" ]; then printf '=%s skipped\n' "$u"; continue; fi
    o=$(lim 3 systemctl show -p LoadState -p UnitFileState -p ActiveState -p SubState "$u" 2>/dev/null); r=$?
    printf '=%s rc=%s\n' "$u" "$r"; body "$o"
    if [ "$r" -ne 0 ] && [ -z "$o" ]; then down=1; fi
  done
else sec units missing; fi
# links and absent paths are told apart with shell builtins; files and directories are collected and looked
# at by one stat and one sha256sum (a fork or two per path cost about 2 ms each: most of the probe)
sec paths ok
set --
while IFS= read -r p; do
  [ -n "$p" ] || continue
  if [ -L "$p" ]; then
    if [ -e "$p" ]; then d=ok; else d=dangling; fi
    printf 'L\t%s\t%s\t%s\n' "$p" "$d" "$(readlink "$p")"
  elif [ -f "$p" ] || [ -d "$p" ]; then set -- "$@" "$p"
  elif [ -e "$p" ]; then printf 'O\t%s\n' "$p"
  else printf '%s\t%s\n' - "$p"; fi
done <<__OVD_PATHS__
$PATHS
__OVD_PATHS__
# joins stat's and sha256sum's lines by path (paths hold no tab, newline or backslash, so both print them as
# given): a directory, a file with its hash, or a file sha256sum could not read
if [ $# -gt 0 ]; then
  { stat --printf 'S\t%F\t%a %U %G\t%n\n' -- "$@" 2>/dev/null; sha256sum -- "$@" 2>/dev/null; } | awk -F '	' '
    /^S\t/ { c++; n[c] = $4; t[$4] = $2; m[$4] = $3; next }
    { h[substr($0, 67)] = substr($0, 1, 64) }
    END {
      for (i = 1; i <= c; i++) {
        p = n[i]
        if (t[p] == "directory") printf "D\t%s\t%s\n", p, m[p]
        else if (p in h) printf "F\t%s\t%s\t%s\n", p, h[p], m[p]
        else printf "E\t%s\n", p
      }
    }'
fi
# per query: lines equal to it (blanks trimmed) and lines starting with its prefix. The shell sorts out missing
# and unreadable files; one awk then reads every queried file (the queries reach it through the environment,
# which unlike -v leaves backslashes alone)
sec lines ok
tab='	'
nl='
'
Q=
while IFS="$tab" read -r p l k; do
  [ -n "$p" ] || continue
  if [ -r "$p" ] && [ -f "$p" ]; then Q="$Q$p$tab$l$tab$k$nl"
  elif [ -e "$p" ]; then printf 'E\tE\t%s\t%s\t%s\n' "$p" "$l" "$k"
  else printf '%s\t%s\t%s\t%s\t%s\n' - - "$p" "$l" "$k"; fi
done <<__OVD_LINES__
$LINES
__OVD_LINES__
if [ -n "$Q" ]; then
  Q=$Q awk 'BEGIN {
    n = split(ENVIRON["Q"], qs, "\n")
    for (i = 1; i <= n; i++) {
      if (qs[i] == "") continue
      split(qs[i], q, "\t"); e = 0; c = 0
      while ((getline s < q[1]) > 0) {
        sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s)
        if (s == q[2]) e++
        if (q[3] != "" && index(s, q[3]) == 1) c++
      }
      close(q[1])
      printf "%d\t%d\t%s\t%s\t%s\n", e, c, q[1], q[2], q[3]
    }
  }'
fi
# The files stamp: inode, size, modification and change time of the public files and (PACEMAKER) the
# membership files, in one stat, in place of a cat, head or grep per file. Any write to a file changes its
# change time, and a file that appears or goes changes the list: while the stamp holds the pub.N and pcm-*
# sections are answered "same".
set --
while IFS= read -r q; do
  if [ -n "$q" ]; then set -- "$@" "$q"; fi
done <<__OVD_FILES__
$PUBLIC
__OVD_FILES__
if [ -n "$PACEMAKER" ]; then
  set -- "$@" /etc/corosync/corosync.conf /var/lib/pcsd/known-hosts /var/lib/pcsd/tokens ${MARK:+"$MARK"}
fi
fst=
if [ $# -gt 0 ] && have stat; then fst="$# $(stat --printf '%n %i %s %y %z;' -- "$@" 2>/dev/null)"; fi
files_same=
if [ -n "$fst" ] && [ "$fst" = "$K_FILES" ]; then files_same=1; fi
# the content ends with a newline of its own so that the next marker starts a line
i=0
while IFS= read -r q; do
  [ -n "$q" ] || continue
  if [ -n "$files_same" ]; then sec "pub.$i" same "$fst"
  elif [ -r "$q" ]; then sec "pub.$i" ok "$fst"; printf '%s\n' "$q"; head -c 65536 "$q"; echo
  else sec "pub.$i" missing "$fst"; printf '%s\n' "$q"; fi
  i=$((i + 1))
done <<__OVD_PUBLIC__
$PUBLIC
__OVD_PUBLIC__
# modification and change time of each file (%y and %z: nanoseconds in every coreutils, where the precision
# flag of %Y is recent); a file lsyncd brought over keeps its source's modification time, and its change time
# is when rsync put it there
sec stamps ok
while IFS= read -r q; do
  [ -n "$q" ] || continue
  if [ -f "$q" ]; then stat --printf '%n\t%y\t%z\n' -- "$q" 2>/dev/null || printf 'E\t%s\n' "$q"
  else printf -- '-\t%s\n' "$q"; fi
done <<__OVD_STAMPS__
$STAMPS
__OVD_STAMPS__
i=0
while IFS= read -r q; do
  [ -n "$q" ] || continue
  if [ -r "$q" ]; then sec "tail.$i" ok; printf '%s\n' "$q"; tail -n "$TAILN" -- "$q" | head -c 65536; echo
  else sec "tail.$i" missing; printf '%s\n' "$q"; fi
  i=$((i + 1))
done <<__OVD_TAILS__
$TAILS
__OVD_TAILS__
# a Pacemaker node's membership files (PacemakerNodeFiles). pcsd's known-hosts (pcs 0.10+) and tokens (pcs 0.9)
# files hold authentication tokens: only their host names are printed. For pcs 0.9's tokens file, whose host
# names are keys of plain strings, Python reads the JSON: it is there wherever pcs is (pcs is a Python
# program), python3, or on RHEL 7, whose pcs 0.9 runs on Python 2, python alone; -I -S (Python 2: -E -s -S)
# skips site packages and the environment, which halves its start-up time
if [ -n "$PACEMAKER" ] && [ -n "$files_same" ]; then
  sec pcm-corosync-conf same "$fst"; sec pcm-known-hosts same "$fst"; sec pcm-mark same "$fst"
elif [ -n "$PACEMAKER" ]; then
  content pcm-corosync-conf /etc/corosync/corosync.conf "$fst"
  if [ -r /var/lib/pcsd/known-hosts ]; then f=/var/lib/pcsd/known-hosts; k=known_hosts
  elif [ -r /var/lib/pcsd/tokens ]; then f=/var/lib/pcsd/tokens; k=tokens
  else f=; fi
  if [ -z "$f" ]; then sec pcm-known-hosts missing "$fst"
  elif [ "$k" = known_hosts ]; then
    # pcs writes this JSON with a host name, and only a host name, before each ': {' under known_hosts
    # (tokens are plain string values); grep -o prints those keys alone, without starting python (25 ms)
    o=$(grep -o '"[^"]*": *{' "$f" | sed 's/^"\([^"]*\)".*/\1/' | grep -vx known_hosts); sec pcm-known-hosts ok "$fst"
    body "$o"
  elif have python3 || have python; then
    if have python3; then py='python3 -I -S'; else py='python -E -s -S'; fi
    o=$($py -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1])).get(sys.argv[2], {})))' \
      "$f" "$k" 2>/dev/null); r=$?
    sec pcm-known-hosts "rc=$r" "$fst"; body "$o"
  else sec pcm-known-hosts rc=127 "$fst"; fi
  content pcm-mark "$MARK" "$fst"
fi
# Votequorum's view where corosync.conf names a quorum device (the two-node layout): whether the device's vote
# is counted is in no file, and corosync.conf names the device seconds before corosync-qdevice has reached
# qnetd. Not stamped: the vote comes and goes without any file changing. corosync-quorumtool exits 2 when the
# node is not quorate, with the same report. The device section is looked for by the shell itself (a line
# `device {`, blanks allowed around the word): this runs on every Pacemaker node at every probe, and a grep would
# be one more process start each time where most clusters have no device
qdev=
if [ -n "$PACEMAKER" ] && [ -r /etc/corosync/corosync.conf ] && have corosync-quorumtool; then
  while IFS= read -r cl || [ -n "$cl" ]; do
    cl=${cl#"${cl%%[![:space:]]*}"}
    case $cl in
      device*) cl=${cl#device}; cl=${cl#"${cl%%[![:space:]]*}"}; case $cl in '{'*) qdev=1; break ;; esac ;;
    esac
  done < /etc/corosync/corosync.conf
fi
if [ -n "$qdev" ]; then
  o=$(lim 5 corosync-quorumtool -s 2>/dev/null); r=$?
  sec votequorum "rc=$r"; body "$o"
fi
# The cluster view. The CIB's opening tag is its stamp: it holds the version Pacemaker raises on every change
# (admin_epoch, epoch, and num_updates, which status changes raise too), the DC and have-quorum. crm_mon
# computes everything it prints from the CIB, so while the tag holds it would print the same: both sections
# are answered "same" and crm_mon (~27 ms) does not run. The CIB is read first: a change between the two reads
# then leaves crm_mon newer than the stamp, never older, and the next probe reads both again.
if [ -n "$CLUSTER" ]; then
  cst=
  if have cibadmin; then
    cib=$(lim 15 cibadmin --query 2>/dev/null); cr=$?
    if [ "$cr" -eq 0 ]; then
      cst=${cib%%>*}
      case $cst in '<cib '*) case $cst in *"$nl"*) cst= ;; esac ;; *) cst= ;; esac
    fi
  fi
  if [ -n "$cst" ] && [ "$cst" = "$K_CIB" ]; then
    sec crm_mon same "$cst"; sec cib same "$cst"
  else
    if have crm_mon; then
      o=$(lim 15 crm_mon -1 --output-as=xml 2>/dev/null); r=$?
      # Pacemaker 1.1 has no --output-as: its XML comes from -X (--as-xml)
      case $o in *'<pacemaker-result'*) ;; *) o=$(lim 15 crm_mon -1 -X 2>/dev/null); r=$? ;; esac
      sec crm_mon "rc=$r" "$cst"; body "$o"
    else sec crm_mon missing "$cst"; fi
    if have cibadmin; then sec cib "rc=$cr" "$cst"; body "$cib"; else sec cib missing; fi
  fi
fi
sec end ok
exit 0
