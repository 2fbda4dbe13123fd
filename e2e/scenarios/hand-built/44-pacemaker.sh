#!/bin/sh
# Guide, chapter V, "Install Pacemaker" (osm1, osm2, pcs3, pcs4). Stdin: the hacluster password, one line.
set -eu
IFS= read -r HACLUSTER_PASSWORD
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# 1. Install the package (Ubuntu 22.04's list; Debian's resource-agents holds what resource-agents-extra does)
apt-get install -y -q corosync pacemaker pcs resource-agents > /dev/null
# 2., 3. Enable and start pcsd
systemctl enable pcsd
systemctl start pcsd
# 4. Delete any default cluster
pcs cluster destroy
# 6. Set hacluster password (the guide: passwd hacluster, at its prompt)
printf 'hacluster:%s\n' "$HACLUSTER_PASSWORD" | chpasswd
echo "pacemaker prepared on $(hostname)"
