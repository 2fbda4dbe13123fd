#!/bin/sh
# Legacy guide, "Configuring sessions sharing" (Ubuntu: apt install php-memcache memcached), "Inotify
# Installation and Configuration" (apt install liblinux-inotify2-perl) and "Package Installation"
# (apt install heartbeat), with rsync for osm-inotify.pl. osm1 and osm2.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# iptables: osm-failover.sh's SNAT rule (Ubuntu has it; the lab's minimal Debian does not)
apt-get install -y -q php-memcache memcached liblinux-inotify2-perl rsync heartbeat iptables > /dev/null
echo "legacy packages on $(hostname): $(dpkg-query -W -f='${Package} ${Version}, ' heartbeat memcached php-memcache)"
