# Build phases of `lab up`: host tools, login keys, base image, package repository, OSM layer.
# Each phase is skipped when its cache is complete (a stamp file is written last).

# What the guide installs on Debian (every chapter), the same on every suite; default-mysql-* are
# the Debian names for the guide's Ubuntu "mysql-server mysql-client". corosync-qdevice and
# corosync-qnetd are the two-node layout's quorum device (issue #16), not the guide's.
GUIDE_PKGS="pacemaker pacemaker-cli-utils corosync pcs resource-agents lsyncd apache2 mariadb-server
  mariadb-client default-mysql-server default-mysql-client iptables wget rsync cron curl psmisc ufw
  openssh-client ssmtp corosync-qdevice corosync-qnetd"
# LAB ONLY: what the lab's own services need, each resolved alone (exim4, the SMTP server the alert
# tests read mail from, conflicts with the guide's ssmtp)
LAB_PKGS="exim4-daemon-light"
# LAB ONLY: the legacy guide's Heartbeat pair (e2e/scenarios/legacy-heartbeat), each resolved alone
LEGACY_PKGS="heartbeat memcached php-memcache liblinux-inotify2-perl"
# The suite table: what one suite needs on top of GUIDE_PKGS (a package it renamed or split out),
# checked with apt-cache on the mirror. Today every row is empty:
#   bullseye  resource-agents 1:4.7 ships every agent the guide uses (symlink, apache, IPaddr2)
#   bookworm  the same with resource-agents 1:4.12
#   trixie    the same with resource-agents 1:4.16 (there is no resource-agents-extra); MariaDB 11.8
#             keeps the mysql/mysqldump names as links (mariadb-client-core, mariadb-client)
# build_repo notes a suite that has resource-agents-extra while its row does not name it.
declare -A SUITE_PKGS=(
  [bullseye]=""
  [bookworm]=""
  [trixie]=""
)
# a default Debian server install, minus the installer's extras; no cluster package
BASE_PKGS="systemd,systemd-sysv,dbus,openssh-server,sudo,iproute2,iputils-ping,procps,python3,ca-certificates,netbase,less"
OSM_PKGS="apache2 mariadb-server mariadb-client cron"

HOST_TOOLS=(debootstrap:debootstrap systemd-nspawn:systemd-container dpkg-scanpackages:dpkg-dev
  ip:iproute2 ssh:openssh-client ssh-keygen:openssh-client nsenter:util-linux curl:curl ping:iputils-ping
  openssl:openssl)

host_tools() {
  local t missing=()
  for t in "${HOST_TOOLS[@]}"; do command -v "${t%%:*}" >/dev/null || missing+=("${t##*:}"); done
  [[ ${#missing[@]} == 0 ]] && { log "host tools present"; return; }
  log "installing host tools: ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq install --no-install-recommends \
    $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
}

login_keys() {
  install -d -m 700 "$KEYS"
  local u
  for u in root "$ADMIN_USER"; do
    [[ -f $KEYS/${u}_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C "ovd-lab-$u" -f "$KEYS/${u}_ed25519"
  done
}

# Debian mirror: the one the host's apt already uses (the only outside address the lab needs)
mirror() {
  local m=${OVD_LAB_MIRROR:-}
  [[ -z $m && -f /etc/apt/sources.list.d/debian.sources ]] &&
    m=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [[ -z $m && -f /etc/apt/sources.list ]] &&
    m=$(awk '$1=="deb" && $0 ~ /'"$SUITE"'/ && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  echo "${m:-http://deb.debian.org/debian}"
}
# the security archive on the same host as the mirror (Debian keeps it beside the main archive)
security_mirror() {
  local m=${OVD_LAB_SECURITY_MIRROR:-}
  [[ -z $m && -f /etc/apt/sources.list.d/debian.sources ]] &&
    m=$(awk '/^URIs:/ && $2 ~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [[ -z $m && -f /etc/apt/sources.list ]] &&
    m=$(awk '$1=="deb" && $0 ~ /security/ {print $2; exit}' /etc/apt/sources.list)
  echo "${m:-http://deb.debian.org/debian-security}"
}
# the target suite's sources (incl. -updates and -security) on the host's mirror, for building
# only; nodes never see them. The host's own file names the host's suite, not the target's.
build_sources() {
  local r=$1
  rm -f "$r/etc/apt/sources.list"
  cat > "$r/etc/apt/sources.list.d/ovd-lab-build.sources" <<SRC
Types: deb
URIs: $(mirror)
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $(security_mirror)
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}
node_sources() {
  local r=$1
  mkdir -p "$r/etc/apt"; rm -f "$r"/etc/apt/sources.list.d/ovd-lab-build.*
  echo "deb [trusted=yes] file:$REPO_IN_NODE ./" > "$r/etc/apt/sources.list"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin
  [[ ! -d $r/var/cache/apt/archives ]] || find "$r/var/cache/apt/archives" -name '*.deb' -delete
}

# chroot with /proc /sys /dev for package scripts; unmounted by umount_all (EXIT trap)
MOUNTS=()
mount_track() { mount "$@"; MOUNTS+=("${@: -1}"); }
umount_all() {
  local i
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null || true; done
  MOUNTS=()
}
chroot_mounts() {
  local r=$1
  mount_track -t proc proc "$r/proc"
  mount_track --bind /sys "$r/sys"
  mount_track --bind /dev "$r/dev"
  mount_track --bind /dev/pts "$r/dev/pts"
}
# no service starts during builds, and dpkg skips fsync (a throw-away build on a busy machine)
no_daemons() {
  printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"; chmod 755 "$1/usr/sbin/policy-rc.d"
  echo force-unsafe-io > "$1/etc/dpkg/dpkg.cfg.d/ovd-lab-build"
}
daemons_again() { rm -f "$1/usr/sbin/policy-rc.d" "$1/etc/dpkg/dpkg.cfg.d/ovd-lab-build"; }
in_chroot() { local r=$1; shift; DEBIAN_FRONTEND=noninteractive LC_ALL=C chroot "$r" "$@"; }

build_base() {
  [[ -f $BASE/.ovd-lab-stamp ]] && { log "base image cached"; return; }
  local t=$BASE.tmp; safe_rm "$t"; mkdir -p "$SUITE_DIR"
  log "debootstrap $SUITE from $(mirror) (log: $SUITE_DIR/build-base.log)"
  debootstrap --variant=minbase --include="$BASE_PKGS" "$SUITE" "$t" "$(mirror)" > "$SUITE_DIR/build-base.log" 2>&1 ||
    die "debootstrap failed, see $SUITE_DIR/build-base.log"
  chroot_mounts "$t"; no_daemons "$t"; build_sources "$t"
  # patched like a maintained VM: -updates and -security
  { in_chroot "$t" apt-get -q update && in_chroot "$t" apt-get -q -y dist-upgrade; } >> "$SUITE_DIR/build-base.log" 2>&1 ||
    die "dist-upgrade failed, see $SUITE_DIR/build-base.log"
  configure_base "$t"
  umount_all
  daemons_again "$t"
  node_sources "$t"
  date -u +%FT%TZ > "$t/.ovd-lab-stamp"
  safe_rm "$BASE"; mv "$t" "$BASE"
}

# what makes a bare Debian rootfs a lab server; per-node identity comes later (prepare_node)
configure_base() {
  local r=$1
  rm -f "$r"/etc/ssh/ssh_host_* "$r/var/lib/dbus/machine-id"
  : > "$r/etc/machine-id"
  ln -sf /etc/machine-id "$r/var/lib/dbus/machine-id"
  # nodes have no DNS and no default route; names come from /etc/hosts
  echo "# ovd lab: no DNS server" > "$r/etc/resolv.conf"
  # nspawn's console is a pipe: no login prompt
  in_chroot "$r" systemctl mask console-getty.service getty@tty1.service >/dev/null 2>&1
  # the operator's second login: passwordless sudo, no tty requirement; password field '*'
  # (no password login, but not "locked", which sshd would refuse)
  in_chroot "$r" useradd -m -s /bin/bash "$ADMIN_USER"
  in_chroot "$r" usermod -p '*' "$ADMIN_USER"
  printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\nDefaults:%s !requiretty\n' "$ADMIN_USER" "$ADMIN_USER" \
    > "$r/etc/sudoers.d/$ADMIN_USER"
  chmod 440 "$r/etc/sudoers.d/$ADMIN_USER"
  # LAB ONLY: pcs 0.11.5's pcsd can ignore SIGTERM and stall every halt for the default 90 s
  # (ClusterLabs/pcs#780). Inert until the operator installs pcs.
  mkdir -p "$r/etc/systemd/system/pcsd.service.d"
  printf '# ovd lab only: see e2e/lab.d/build.sh\n[Service]\nTimeoutStopSec=5s\n' \
    > "$r/etc/systemd/system/pcsd.service.d/ovd-lab-stop-timeout.conf"
}

# Local package repository: every .deb the guide's packages need on top of the base image,
# downloaded in a throw-away overlay of the base. Each package is also resolved on its own
# (with Recommends, like a plain `apt-get install X`), so installing them one by one in a node
# picks nothing that is missing here.
build_repo() {
  local want="$GUIDE_PKGS ${SUITE_PKGS[$SUITE]} $LAB_PKGS $LEGACY_PKGS"
  # cached while it was built for the same package lists (a package added to a list rebuilds it)
  [[ -f $REPO/.ovd-lab-stamp && $(cat "$REPO/.ovd-lab-packages" 2>/dev/null) == $(echo $want) ]] &&
    { add_standin_ovd "$REPO"; log "package repository cached ($(ls "$REPO" | grep -c '\.deb$') debs)"; return; }
  local w=$SUITE_DIR/repo-build r p pkgs log=$SUITE_DIR/build-repo.log
  safe_rm "$w" "$REPO.tmp"; mkdir -p "$w/upper" "$w/work" "$w/root" "$REPO.tmp"
  r=$w/root
  mount_track -t overlay ovdlab-repo-build -o "lowerdir=$BASE,upperdir=$w/upper,workdir=$w/work" "$r"
  chroot_mounts "$r"; build_sources "$r"
  cat /etc/resolv.conf > "$r/etc/resolv.conf"   # the base has no DNS; this overlay is thrown away
  in_chroot "$r" apt-get -q update > "$log" 2>&1 || die "apt-get update failed, see $log"
  pkgs="$GUIDE_PKGS ${SUITE_PKGS[$SUITE]}"
  for p in $pkgs "$pkgs" $LAB_PKGS $LEGACY_PKGS; do
    until in_chroot "$r" apt-get -q -y --download-only install $p >> "$log" 2>&1; do
      security_fallback "$r" "$log" || die "cannot download $p for $SUITE (the suite table in e2e/lab.d/build.sh?), see $log"
    done
  done
  # what the table missed: a package the suite has and the list does not name
  for p in resource-agents-extra; do
    [[ " $pkgs " == *" $p "* ]] || ! in_chroot "$r" apt-cache show "$p" >/dev/null 2>&1 ||
      log "note: $SUITE has $p, which its row in the suite table does not name"
  done
  # the versions the lab offers, for the build log and the test report
  for p in pacemaker pcs corosync mariadb-server lsyncd resource-agents; do
    echo "$p $(in_chroot "$r" apt-cache policy "$p" | awk '/Candidate:/ {print $2}')"
  done > "$REPO.tmp/.ovd-lab-versions"
  cp "$r"/var/cache/apt/archives/*.deb "$REPO.tmp/"
  umount_all; safe_rm "$w"
  index_repo "$REPO.tmp"
  echo $want > "$REPO.tmp/.ovd-lab-packages"
  date -u +%FT%TZ > "$REPO.tmp/.ovd-lab-stamp"
  add_standin_ovd "$REPO.tmp"
  chmod -R a+rX "$REPO.tmp"
  safe_rm "$REPO"; mv "$REPO.tmp" "$REPO"
}

# TEST FIXTURE (not Inuvika software): two versions of a stand-in OVD Session Manager package, under the
# name the guide's commands use, so that appendix 3's update runs apt for real (OperatorOnLabTest). Its
# postinst does what the appendix's care is about: with the Session Manager configuration present it
# "upgrades the database", without it it leaves the database alone (a line in
# /var/log/ovd-lab-standin-sm.log says which), and it puts the OVD cron in /etc/cron.d where there is none
# (the passive node's: the appendix unlinks it; osm_cron's link on the active one is left alone).
STANDIN_OVD_PACKAGE=inuvika-ovd-session-manager
STANDIN_OVD_VERSIONS="3.4.0-1 3.4.1-1"
add_standin_ovd() {
  local repo=$1 v d deb added=
  for v in $STANDIN_OVD_VERSIONS; do
    deb=$repo/${STANDIN_OVD_PACKAGE}_${v}_all.deb
    [[ -f $deb ]] && continue
    d=$(mktemp -d); mkdir -p "$d/DEBIAN" "$d/usr/share/ovd-lab-standin-sm"
    printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: ovd lab <root@localhost>\n%s\n' \
      "$STANDIN_OVD_PACKAGE" "$v" 'Description: TEST FIXTURE stand-in of the OVD Session Manager package' \
      > "$d/DEBIAN/control"
    printf '%s\n' "$v" > "$d/usr/share/ovd-lab-standin-sm/version"
    cat > "$d/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
[ "$1" = configure ] || exit 0
v=$(cat /usr/share/ovd-lab-standin-sm/version)
if [ -e /var/spool/ovd/session-manager/config ]; then how="with its configuration: database schema upgraded"
else how="without configuration: database left alone"; fi
echo "$(date -u +%FT%TZ) $v installed $how" >> /var/log/ovd-lab-standin-sm.log
c=/etc/cron.d/ovd-session-manager
if [ ! -e $c ] && [ ! -L $c ] && [ -f /etc/ovd/session-manager/sessionmanager.cron ]; then
  cp /etc/ovd/session-manager/sessionmanager.cron $c
fi
POSTINST
    chmod 755 "$d/DEBIAN" "$d/DEBIAN/postinst"; chmod -R a+rX "$d"
    dpkg-deb --root-owner-group --build "$d" "$deb" > /dev/null || die "cannot build the stand-in $deb"
    chmod a+r "$deb"; rm -rf "$d"; added=1
  done
  [[ -z $added ]] || { index_repo "$repo"; chmod a+r "$repo"/Packages* "$repo/Release"; log "stand-in OVD Session Manager $STANDIN_OVD_VERSIONS in the package repository"; }
}

# A mirror may list security updates whose files it does not hold (seen for bullseye's LTS updates):
# the packages whose files were missing come from the suite and its -updates instead. Fails when
# there is no such package left to pin (the download failed for another reason).
security_fallback() {
  local r=$1 log=$2 pins=$1/etc/apt/preferences.d/ovd-lab-security-missing missing n new=0
  missing=$(grep -o "debian-security/pool/[^ ]*\.deb  *404" "$log" | sed 's|.*/||; s|_.*||' | sort -u)
  for n in $missing; do
    grep -qx "Package: $n" "$pins" 2>/dev/null && continue
    printf 'Package: %s\nPin: release n=%s-security\nPin-Priority: -1\n\n' "$n" "$SUITE" >> "$pins"
    new=$((new + 1))
  done
  [[ $new -gt 0 ]] || return 1
  log "the mirror lacks $new $SUITE-security files: their packages come from $SUITE and $SUITE-updates"
  echo "security fallback: $(echo $missing)" >> "$log"
}

# flat repository: Packages(.gz) + an unsigned Release (the nodes' source says trusted=yes)
index_repo() {
  local d=$1 f
  (cd "$d" && dpkg-scanpackages -m . /dev/null > Packages 2>/dev/null && gzip -9kf Packages) || die "indexing failed"
  {
    echo "Origin: ovd-lab"; echo "Label: ovd-lab local repository"; echo "Suite: $SUITE"
    echo "Date: $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"; echo "SHA256:"
    for f in Packages Packages.gz; do echo " $(sha256sum < "$d/$f" | cut -d' ' -f1) $(stat -c %s "$d/$f") $f"; done
  } > "$d/Release"
}

# The stand-in Session Manager layer (upper dir over the base), installed from the local
# repository like the real OSM installer pulls apache2 and mariadb. See e2e/fixtures/osm/README.md.
build_osm_layer() {
  local base_stamp fixture
  # the fixture's files are part of the layer: a changed fixture rebuilds it
  fixture=$(cat "$LAB_DIR"/fixtures/osm/* | sha256sum | cut -c1-16)
  base_stamp="base $(cat "$BASE/.ovd-lab-stamp") repo $(cat "$REPO/.ovd-lab-stamp") fixture $fixture"
  [[ -f $OSM_LAYER/.ovd-lab-stamp && $(cat "$OSM_LAYER/.ovd-lab-stamp") == "$base_stamp" ]] &&
    { log "osm layer cached"; return; }
  local n
  # a session manager's upper dir (running or powered off) holds changes made over the old layer: stacking it on a
  # new one would give a root that is neither (only the lab that is up stands on a layer)
  [[ $(running_suite) != "$SUITE" ]] ||
  for n in "${!OSM_ROLE[@]}"; do
    [[ -d $NODES_DIR/$n/upper ]] &&
      die "the osm layer must be rebuilt (its fixture or base changed) and $n still stands on the old one: e2e/lab down first"
  done
  local w=$SUITE_DIR/osm-build r
  safe_rm "$w" "$OSM_LAYER"; mkdir -p "$w/upper" "$w/work" "$w/root"
  r=$w/root
  mount_track -t overlay ovdlab-osm-build -o "lowerdir=$BASE,upperdir=$w/upper,workdir=$w/work" "$r"
  chroot_mounts "$r"; no_daemons "$r"
  mkdir -p "$r$REPO_IN_NODE"; mount_track --bind -o ro "$REPO" "$r$REPO_IN_NODE"
  { in_chroot "$r" apt-get -q update && in_chroot "$r" apt-get -q -y install $OSM_PKGS; } > "$SUITE_DIR/build-osm.log" 2>&1 ||
    die "osm layer install failed, see $SUITE_DIR/build-osm.log"
  install_osm_fixture "$r"
  daemons_again "$r"
  umount_all
  node_sources "$w/upper"
  mv "$w/upper" "$OSM_LAYER"; safe_rm "$w"
  rm -rf "$OSM_LAYER/.ovd-lab-stamp"; echo "$base_stamp" > "$OSM_LAYER/.ovd-lab-stamp"
}

install_osm_fixture() {
  local r=$1 f=$LAB_DIR/fixtures/osm
  install -d "$r/usr/local/lib/ovd-lab-fixture" "$r/etc/ovd/session-manager" "$r/var/www/html/ovd" \
    "$r/var/spool/ovd/session-manager" "$r/var/lib/php/sessions"
  chmod 1733 "$r/var/lib/php/sessions"
  install -m 644 "$f/README.md" "$r/usr/local/lib/ovd-lab-fixture/README.md"
  install -m 755 "$f/seed-db" "$f/sm-cron" "$r/usr/local/lib/ovd-lab-fixture/"
  install -m 644 "$f/ovd-lab-fixture-db.service" "$r/etc/systemd/system/"
  ln -sf ../ovd-lab-fixture-db.service "$r/etc/systemd/system/multi-user.target.wants/ovd-lab-fixture-db.service"
  install -m 644 "$f/sessionmanager.cron" "$r/etc/ovd/session-manager/sessionmanager.cron"
  # a fresh OSM install has its cron active (the guide's chapter V removes it before pcs owns it)
  install -m 644 "$f/sessionmanager.cron" "$r/etc/cron.d/ovd-session-manager"
  in_chroot "$r" chown -R www-data:www-data /var/spool/ovd/session-manager
  in_chroot "$r" systemctl enable mariadb.service apache2.service cron.service >/dev/null 2>&1
}
