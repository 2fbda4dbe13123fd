# Lab topology, paths and small helpers; sourced by e2e/lab. Other helpers code against the
# names and addresses below: keep them exactly (issue 3, "Fixed topology").

NODES="osm1 osm2 pcs3 pcs4 dbmy"
# a sixth host, booted only by `e2e/lab farm-up`: a Linux OVD farm server (chapter IV step 4)
FARM_NODES="farm1"
declare -A OCTET=([osm1]=11 [osm2]=12 [pcs3]=13 [pcs4]=14 [dbmy]=21 [farm1]=31)
# nodes that start as the guide's OVD Session Managers (a stand-in, see e2e/fixtures/osm/README.md)
declare -A OSM_ROLE=([osm1]=configured [osm2]=fresh)

SVC_PREFIX=198.18.0          # service network /24 (carries the VIP)
PRIV_PREFIX=198.19.100       # private network /24 (corosync, lsyncd, MySQL)
SVC_GW=$SVC_PREFIX.254       # br-svc's own address: the nodes' way back to the host
VIP=$SVC_PREFIX.100          # not configured by the lab: the operator adds it
HOST_ADDR=198.18.255.1       # host end of the host<->switch veth (/30)
UPLINK_ADDR=198.18.255.2     # switch end
SW_NS=ovdlab-sw
HOST_VETH=ovdlab0
UPLINK_VETH=ovdlab-up
ADMIN_USER=ovdadmin

# Debian suites the lab builds (issue 15); one lab runs one suite at a time. The suite is chosen by
# `e2e/lab up --suite X` or OVD_LAB_SUITE; the default is the one CI has always used.
SUITES="bullseye bookworm trixie"
DEFAULT_SUITE=bookworm

# Caches survive `down` (dropped by `down --wipe`) and live outside the git clone, so a fresh
# CI clone on the same machine reuses them. Node overlays are on disk too: /run may be a small tmpfs.
CACHE=${OVD_LAB_CACHE:-/var/lib/ovd-lab}
KEYS=$CACHE/keys             # login keys: root_ed25519, ovdadmin_ed25519 (shared by all suites)
NODES_DIR=$CACHE/nodes       # per node: identity/, upper/, work/, root/ (dropped by `down`)
STATE=${OVD_LAB_STATE:-/run/ovd-lab}   # runtime: pids, cgroup paths, exported host keys
EXPORT=$STATE/export         # known_hosts, <node>.pub, <node>.sha256 (pins for the tests)
REPO_IN_NODE=/srv/ovd-lab-repo

# use_suite SUITE: the suite's own caches, side by side. Bookworm keeps the paths it had before
# there were suites (CI caches and a lab already up stay valid); the others live in suites/<suite>.
#   BASE       bare Debian server rootfs, lower layer of every node
#   OSM_LAYER  stand-in Session Manager layer (upper dir over BASE), lower layer of osm*
#   REPO       local package repository (flat, trusted=yes)
#   SUITE_DIR  where the three above and the build logs (build-{base,repo,osm}.log) live
use_suite() {
  [[ " $SUITES " == *" $1 "* ]] || die "unknown suite '$1' (suites: $SUITES)"
  SUITE=$1
  if [[ $SUITE == "$DEFAULT_SUITE" ]]; then SUITE_DIR=$CACHE; else SUITE_DIR=$CACHE/suites/$SUITE; fi
  BASE=$SUITE_DIR/base
  OSM_LAYER=$SUITE_DIR/osm
  REPO=$SUITE_DIR/repo
}

# The suite of the lab that is up (its nodes' overlays stand on that suite's caches), or nothing
# when no lab is up. A lab brought up before suites existed has no record: it is bookworm.
running_suite() {
  [[ -d $NODES_DIR ]] || ns_exists "$SW_NS" || return 0
  cat "$NODES_DIR/suite" 2>/dev/null || echo "$DEFAULT_SUITE"
}

# the farm nodes that were booted at least once since `up` (they have an identity)
farm_nodes_made() { local n; for n in $FARM_NODES; do [[ ! -f $(nodedir "$n")/identity/.done ]] || echo "$n"; done; }
# every node of the lab that is up: the five, and the farm nodes made on demand
lab_nodes() { echo $NODES $(farm_nodes_made); }
is_farm() { [[ " $FARM_NODES " == *" $1 "* ]]; }

node_ns() { echo "ovdlab-$1"; }
svc_addr() { echo "$SVC_PREFIX.${OCTET[$1]}"; }
priv_addr() { echo "$PRIV_PREFIX.${OCTET[$1]}"; }
# switch-side ends of a node's links: <node>-svc on br-svc, <node>-priv on br-priv
port() { echo "$1-$2"; }

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*" >&2; }
is_node() { [[ -n "${OCTET[$1]:-}" ]]; }
need_node() { is_node "${1:-}" || die "unknown node '${1:-}' (nodes: $NODES)"; }
need_root() { [[ $(id -u) == 0 ]] || die "must run as root (namespaces, mounts, systemd-nspawn)"; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
# phase NAME FUNCTION [args]: run one phase of `up` and print its wall time
phase() {
  local name=$1 t0; shift; t0=$(now)
  "$@"
  echo "phase $name: $(since "$t0")s"
}

# poll CMD until it succeeds or DEADLINE_S passes (no fixed sleeps: short polls with a deadline)
poll() {
  local deadline_s=$1 t0; shift; t0=$(now)
  until "$@"; do
    awk -v e="$(since "$t0")" -v d="$deadline_s" 'BEGIN{exit !(e>d)}' && return 1
    sleep 0.2
  done
}

# the container's init (PID 1 inside) is the only child of the nspawn process
nspawn_pid() { local p; p=$(cat "$STATE/nodes/$1/nspawn.pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null && echo "$p"; }
init_pid() { local p; p=$(nspawn_pid "$1") && pgrep -P "$p" | head -1; }
in_node() { local n=$1 p; shift; p=$(init_pid "$n") || die "$n is not running"; nsenter -t "$p" -a "$@"; }

# rm -rf that never reaches through a mount point (a build chroot left mounted by a killed run
# has the host's /dev, /proc and /sys inside): unmount everything below DIR first
safe_rm() {
  local d m
  for d in "$@"; do
    [[ -e $d ]] || continue
    d=$(readlink -f "$d")
    for m in $(awk -v d="$d" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r); do
      umount -l "$m"
    done
    rm -rf --one-file-system "$d"
  done
}

ssh_opts() {
  echo -o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$EXPORT/known_hosts" \
       -o ConnectTimeout=${SSH_CONNECT_TIMEOUT:-5} -o LogLevel=ERROR
}
