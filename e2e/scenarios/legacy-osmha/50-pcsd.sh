#!/bin/sh
# Legacy guide, "Starting PCS command" and "Corosync configuration" (EL7): pcsd enabled and started, the
# hacluster password ("passwd hacluster"; here chpasswd, the password on stdin). Debian's packages start
# a default one-node cluster that EL7's do not: destroyed first. osm1 and osm2. Stdin: the password.
set -eu
IFS= read -r HACLUSTER_PASSWORD
systemctl enable pcsd.service
systemctl start pcsd.service
pcs cluster destroy
printf 'hacluster:%s\n' "$HACLUSTER_PASSWORD" | chpasswd
echo "pcsd on $(hostname): $(systemctl is-active pcsd)"
