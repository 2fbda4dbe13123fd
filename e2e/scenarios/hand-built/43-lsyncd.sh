#!/bin/sh
# Guide, chapter V, "Configuring data synchronization between the 2 nodes" (Ubuntu LTS form) and
# "Apache HTTP server" (wget), on osm1 and osm2.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# 1. Install the lsyncd software package
apt-get install -y -q lsyncd > /dev/null
# 2. Create the lsyncd configuration folder
mkdir -p /etc/lsyncd
# 3. Fixup missing packaging: the systemd unit, then reload systemd
cat > /etc/systemd/system/lsyncd.service <<'UNIT'
[Unit]
Description=Live Syncing (Mirror) Daemon
After=network.target

[Service]
Type=simple
ExecStart=/usr/bin/lsyncd -nodaemon /etc/lsyncd/lsyncd.conf.lua
SuccessExitStatus=143

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
# 4. /etc/lsyncd/lsyncd.conf.lua (Ubuntu LTS)
cat > /etc/lsyncd/lsyncd.conf.lua <<'LUA'
host = "the-other-osm"
folders = {
    "/var/spool/ovd/session-manager",
    "/etc/ovd/session-manager",
    "/var/lib/php/sessions",
}

settings {
    logfile = "/var/log/lsyncd.log",
    insist = true,
}

for _, folder in ipairs( folders )
do
    sync {
        default.rsyncssh,
        source    = folder,
        host      = host,
        targetdir = folder,
        exclude   = {'.*'},
        rsync     = {
            archive  = true,
            prune_empty_dirs = true,
            _extra = {'--rsh=ssh -i /root/.ssh/sync_rsa'},
        },
        ssh = {
            identityFile = '/root/.ssh/sync_rsa',
        },
    }
end
LUA
# 5. /etc/lsyncd/lsyncd.cron
echo '00 * * * * root /usr/bin/killall -s SIGHUP lsyncd' > /etc/lsyncd/lsyncd.cron
# "Apache HTTP server", 2. Install the wget package
apt-get install -y -q wget > /dev/null
echo "lsyncd prepared on $(hostname)"
