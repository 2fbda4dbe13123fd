# Node life cycle: identity, overlay root, boot with systemd-nspawn, power cut, halt, readiness.

nodedir() { echo "$NODES_DIR/$1"; }
# LEN random characters from CHARS (no pipe that could die of SIGPIPE under pipefail)
rand_str() {
  local chars=$1 out='' b
  for b in $(od -An -tu1 -N"$2" /dev/urandom); do out+=${chars:b%${#chars}:1}; done
  echo "$out"
}
rundir() { echo "$STATE/nodes/$1"; }

# Generated once per lab (kept across `reset`, dropped by `down`): host keys, and for the
# stand-in Session Managers their ID and database password.
node_identity() {
  local n=$1 id; id=$(nodedir "$n")/identity
  [[ -f $id/.done ]] && return 0
  rm -rf "$id"; install -d -m 700 "$id"
  local t
  for t in ed25519 ecdsa rsa; do
    ssh-keygen -q -t "$t" -N '' -C "root@$n" -f "$id/ssh_host_${t}_key"
  done
  if [[ -n ${OSM_ROLE[$n]:-} ]]; then
    rand_str ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 25 | sed -E 's/(.{5})/\1-/g; s/-$//' > "$id/smid"
    (umask 077; rand_str ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 24 > "$id/dbpass")
  fi
  touch "$id/.done"
}

# overlay root: base (+ osm layer) below, the node's own upper dir on top
mount_root() {
  local n=$1 d lower=$BASE; d=$(nodedir "$n")
  [[ -n ${OSM_ROLE[$n]:-} ]] && lower=$OSM_LAYER:$BASE
  mkdir -p "$d/upper" "$d/work" "$d/root"
  mountpoint -q "$d/root" ||
    mount -t overlay "ovdlab-$n" -o "lowerdir=$lower,upperdir=$d/upper,workdir=$d/work" "$d/root"
}

# First preparation of a fresh upper dir: what the installer and first boot give a real server.
prepare_node() {
  local n=$1 r; r=$(nodedir "$n")/root
  node_identity "$n"; mount_root "$n"
  [[ -f $r/etc/ovd-lab-prepared ]] && return 0
  local id; id=$(nodedir "$n")/identity
  echo "$n" > "$r/etc/hostname"
  # like the Debian installer: the host name on 127.0.1.1 (the operator's /etc/hosts work is real)
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$n" > "$r/etc/hosts"
  tr -d '-' < /proc/sys/kernel/random/uuid > "$r/etc/machine-id"
  install -m 600 "$id"/ssh_host_*_key "$r/etc/ssh/"
  install -m 644 "$id"/ssh_host_*_key.pub "$r/etc/ssh/"
  install -d -m 700 "$r/root/.ssh"
  install -m 600 "$KEYS/root_ed25519.pub" "$r/root/.ssh/authorized_keys"
  local home=/home/$ADMIN_USER
  install -d -m 700 "$r$home/.ssh"
  install -m 600 "$KEYS/${ADMIN_USER}_ed25519.pub" "$r$home/.ssh/authorized_keys"
  chroot "$r" chown -R "$ADMIN_USER:$ADMIN_USER" "$home/.ssh"
  [[ -z ${OSM_ROLE[$n]:-} ]] || personalize_osm "$n" "$r" "$id"
  ! is_farm "$n" || personalize_farm "$r"
  date -u +%FT%TZ > "$r/etc/ovd-lab-prepared"
}

# TEST FIXTURE: the stand-in Session Manager's per-node files (see e2e/fixtures/osm/README.md)
personalize_osm() {
  local n=$1 r=$2 id=$3 smid; smid=$(cat "$id/smid")
  install -d "$r/etc/ovd-lab-fixture"
  echo "${OSM_ROLE[$n]}" > "$r/etc/ovd-lab-fixture/role"
  echo "$smid" > "$r/etc/ovd-lab-fixture/smid"
  cat > "$r/var/www/html/ovd/index.html" <<HTML
<!DOCTYPE html>
<!-- TEST FIXTURE (ovd lab): stand-in for the OVD Session Manager web front, not Inuvika software -->
<html><head><title>OVD Session Manager (lab stand-in)</title></head>
<body><h1>OVD Session Manager</h1>
<p>Session Manager ID: <span id="sm-id">$smid</span></p>
<p>Host: $n</p></body></html>
HTML
  echo OK > "$r/var/www/html/ovd/health"
  # the password is written by a file copy, never passed as an argument
  { cat <<JSON
{
    "general.sql.type": "mysql",
    "general.sql.host": "localhost",
    "general.sql.user": "ovd",
    "general.sql.password": "$(cat "$id/dbpass")",
    "general.sql.database": "ovd",
    "general.sql.prefix": "ovd_",
    "general.session_manager_id": "$smid",
    "general.max_sessions": 200,
    "general.locale": "en_GB",
    "session.timeout": 3600,
    "web.portal.enabled": true
}
JSON
  } > "$r/var/spool/ovd/session-manager/config"
  chroot "$r" chown www-data:www-data /var/spool/ovd/session-manager/config
  chmod 660 "$r/var/spool/ovd/session-manager/config"
}

# TEST FIXTURE: a stand-in OVD slave server (not Inuvika software). As the guide's farm before step
# 4, its slaveserver.conf names osm1's own address; its service reads the file when it starts (so a
# change needs the restart the guide asks for) and logs, each time it changes, which node answers
# http://<session_manager>/ovd/ (the stand-in page's "Host:" line), or that none does.
personalize_farm() {
  local r=$1
  install -d "$r/etc/ovd/slaveserver" "$r/var/log/ovd"
  printf '[main]\nsession_manager = %s\nroles = aps\n\n[aps]\nlisten_port = 1112\n' "$(svc_addr osm1)" \
    > "$r/etc/ovd/slaveserver/slaveserver.conf"
  cat > "$r/usr/local/sbin/ovd-lab-slaveserver" <<'SH'
#!/bin/bash
# TEST FIXTURE (ovd lab): stand-in for the OVD slave server of a farm server, not Inuvika software.
conf=/etc/ovd/slaveserver/slaveserver.conf
log=/var/log/ovd/slaveserver.log
sm=$(awk -F= '/^[ \t]*\[/ { m = ($0 ~ /^[ \t]*\[main\]/) }
  m && $1 ~ /^[ \t]*session_manager[ \t]*$/ { gsub(/[ \t]/, "", $2); print $2; exit }' "$conf")
stamp() { date -u +%FT%T.%3NZ; }
echo "$(stamp) started with session_manager=$sm" >> "$log"
last=
while :; do
  host=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/80" &&
    printf "GET /ovd/ HTTP/1.0\r\nHost: %s\r\n\r\n" "$0" >&3 && cat <&3' "$sm" 2>/dev/null |
    sed -n 's/.*<p>Host: \([a-z0-9]*\)<\/p>.*/\1/p')
  if [[ ${host:-none} != "$last" ]]; then
    echo "$(stamp) session_manager=$sm answered by ${host:-none}" >> "$log"
    last=${host:-none}
  fi
  sleep 0.5   # the stand-in's own poll period
done
SH
  chmod 755 "$r/usr/local/sbin/ovd-lab-slaveserver"
  cat > "$r/etc/systemd/system/ovd-slaveserver.service" <<'UNIT'
[Unit]
Description=OVD slave server (ovd lab stand-in, TEST FIXTURE)
After=network-online.target

[Service]
ExecStart=/usr/local/sbin/ovd-lab-slaveserver

[Install]
WantedBy=multi-user.target
UNIT
  install -d "$r/etc/systemd/system/multi-user.target.wants"
  ln -sf /etc/systemd/system/ovd-slaveserver.service \
    "$r/etc/systemd/system/multi-user.target.wants/ovd-slaveserver.service"
}

# cgroups of a node: its own dir in name=systemd and unified (nspawn --keep-unit puts payload/
# and supervisor/ below the caller's cgroup) and in the memory controller (RAM accounting)
node_cgroups() {
  local n=$1 mem
  mem=/sys/fs/cgroup/memory$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup)
  mem=${mem%/}
  ! mountpoint -q /sys/fs/cgroup/systemd || echo "/sys/fs/cgroup/systemd/ovd-lab/$n"
  ! mountpoint -q /sys/fs/cgroup/unified || echo "/sys/fs/cgroup/unified/ovd-lab/$n"
  ! mountpoint -q /sys/fs/cgroup/memory || echo "$mem/ovd-lab-$n"
}

node_start() {
  local n=$1 d run; d=$(nodedir "$n"); run=$(rundir "$n")
  nspawn_pid "$n" >/dev/null && { log "$n already running"; return 0; }
  mount_root "$n"
  node_net_fresh "$n"; plug "$n" svc; plug "$n" priv
  mkdir -p "$run"
  local cgs c; cgs=$(node_cgroups "$n")
  for c in $cgs; do mkdir -p "$c"; done
  echo "$cgs" > "$run/cgroups"
  (
    exec 9<&-   # the lab's command lock must not live on in the node
    for c in $cgs; do echo "$BASHPID" > "$c/cgroup.procs"; done
    echo "$BASHPID" > "$run/nspawn.pid"
    # own session: the node outlives the shell or JVM that started it. /proc/sys/net writable:
    # those sysctls belong to the node's own netns, and root on a real host can set them.
    export SYSTEMD_NSPAWN_API_VFS_WRITABLE=network
    exec setsid systemd-nspawn -q -D "$d/root" -M "$n" -b \
      --register=no --keep-unit \
      --capability=CAP_NET_ADMIN,CAP_IPC_LOCK \
      --network-namespace-path="/run/netns/$(node_ns "$n")" \
      --bind-ro="$REPO:$REPO_IN_NODE" \
      --console=pipe
  ) < /dev/null > "$run/console.log" 2>&1 &
  poll 5 nspawn_pid "$n" >/dev/null || die "$n: systemd-nspawn did not start: $(console_tail "$n")"
}

# power cut: SIGKILL the container's init, and unplug both links (the orphaned netns would
# otherwise keep answering ARP and ping for the node's addresses, a VIP included)
node_kill() {
  local n=$1 p init
  unplug "$n" svc 2>/dev/null || true   # no ports: the node was never booted since `down`
  unplug "$n" priv 2>/dev/null || true
  p=$(nspawn_pid "$n") || return 0
  init=$(init_pid "$n") && kill -KILL "$init"
  poll 10 bash -c "! kill -0 $p 2>/dev/null" || kill -KILL "$p"
  poll 5 bash -c "! kill -0 $p 2>/dev/null" || die "$n: nspawn $p does not die"
  rm -f "$(rundir "$n")/nspawn.pid"
}

# clean halt (systemd-nspawn turns SIGTERM into a container poweroff), power cut after 30 s
node_halt() {
  local n=$1 p; p=$(nspawn_pid "$n") || return 0
  kill -TERM "$p"
  poll 30 bash -c "! kill -0 $p 2>/dev/null" || { log "$n: halt timed out, cutting power"; node_kill "$n"; }
  rm -f "$(rundir "$n")/nspawn.pid"
}

# a cgroup dir and its children (children first); false while any is still there
cgroup_tree_rm() {
  [[ -d $1 ]] || return 0
  find "$1" -depth -type d -exec rmdir {} \; 2>/dev/null
  [[ ! -d $1 ]]
}

# leftover cgroup dirs. A halted node's processes are still exiting for a moment after its
# nspawn is gone (the kernel reaps the PID namespace after its init), and rmdir refuses a
# cgroup that still has a task: retry until it is empty, with a deadline, and say why if not
node_cgroups_rm() {
  local n=$1 c f; f=$(rundir "$n")/cgroups
  for c in $(cat "$f" 2>/dev/null) $(node_cgroups "$n"); do
    poll 15 cgroup_tree_rm "$c" ||
      log "$n: cgroup $c not removed, tasks left: $(cat "$c"/cgroup.procs 2>/dev/null | tr '\n' ' ')"
  done
  rmdir /sys/fs/cgroup/systemd/ovd-lab /sys/fs/cgroup/unified/ovd-lab 2>/dev/null || true
}

# cgroups of a lab that died without `down` (its machine or sandbox was killed) sit below the
# memory cgroup of whoever started it, which need not be ours: sweep every lab cgroup left
# with no task in it. The lab's namespaces are fixed names, so no other lab can be running
stale_cgroups_rm() {
  local c
  find /sys/fs/cgroup -maxdepth 5 -type d \( -name 'ovd-lab-*' -o -name ovd-lab \) 2>/dev/null |
    while read -r c; do
      [[ -z $(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null) ]] || continue
      cgroup_tree_rm "$c" || log "stale cgroup $c not removed"
    done
}

node_umount() {
  local r; r=$(nodedir "$1")/root
  ! mountpoint -q "$r" || umount "$r" || umount -l "$r"
}

# the end of a node's console, for error messages (why nspawn or the boot failed)
console_tail() {
  local f; f=$(rundir "$1")/console.log
  echo "last console lines of $1 ($f):"; tail -n 15 "$f" 2>/dev/null || true
}

ssh_ok() { SSH_CONNECT_TIMEOUT=1 lab_ssh root "$1" true >/dev/null 2>&1; }
# ready = sshd answers with the pinned key and systemd finished booting
wait_ready() {
  local n=$1 state
  poll "${OVD_LAB_BOOT_TIMEOUT:-120}" ssh_ok "$n" || die "$n: sshd not reachable: $(console_tail "$n")"
  state=$(lab_ssh root "$n" timeout 120 systemctl is-system-running --wait 2>/dev/null) || true
  if [[ $state != running ]]; then
    log "$n: system $state; failed units: $(lab_ssh root "$n" systemctl --failed --no-legend --plain | awk '{print $1}' | xargs)"
  fi
}

# pins for clients: known_hosts (all key types, by name and both addresses), <node>.pub and
# <node>.sha256 (ed25519)
export_pins() {
  mkdir -p "$EXPORT"
  local n t id kh=$EXPORT/known_hosts.tmp
  : > "$kh"
  for n in $(lab_nodes); do
    id=$(nodedir "$n")/identity
    for t in ed25519 ecdsa rsa; do
      echo "$n,$(svc_addr "$n"),$(priv_addr "$n") $(cut -d' ' -f1,2 "$id/ssh_host_${t}_key.pub")" >> "$kh"
    done
    cut -d' ' -f1,2 "$id/ssh_host_ed25519_key.pub" > "$EXPORT/$n.pub"
    ssh-keygen -lf "$id/ssh_host_ed25519_key.pub" | awk '{print $2}' > "$EXPORT/$n.sha256"
  done
  mv "$kh" "$EXPORT/known_hosts"
}

# lab_ssh USER NODE [cmd...]: OpenSSH with the lab key and the exported pins (strict checking)
lab_ssh() {
  local u=$1 n=$2; shift 2
  # with the lab down, the address would go to the default route: never send lab traffic there
  ip -o route get "$(svc_addr "$n")" 2>/dev/null | grep -q " dev $HOST_VETH " ||
    die "lab network is down (no route to $(svc_addr "$n") via $HOST_VETH): run e2e/lab up"
  # shellcheck disable=SC2046
  ssh $(ssh_opts) -i "$KEYS/${u}_ed25519" "$u@$(svc_addr "$n")" "$@"
}
