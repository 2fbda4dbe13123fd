#!/bin/sh
# Guide, chapter V, "Shutdown OVD on osm2 and prepare it to become a replica of osm1" (osm2 only).
set -eu
# 1. Stop the Apache service
systemctl stop apache2
# 2. Remove the OSM cron
unlink /etc/cron.d/ovd-session-manager
# 3. Stop and disable the MySQL service (Debian: mariadb)
systemctl disable --now mariadb
echo "$(hostname) is a replica"
