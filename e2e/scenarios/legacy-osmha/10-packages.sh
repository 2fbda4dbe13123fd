#!/bin/sh
# Legacy guide, EL7 path, with Debian's packages: "yum install php-pecl-memcache memcached" (sessions
# sharing), the inotify module for osm-inotify.pl, and Pacemaker with pcs ("Pacemaker configuration"),
# with rsync and iptables for osm-inotify.pl and osm-failover.sh, and wget for the apache agent's status
# check (EL7 has curl; without either the WebServer resource fails "not installed"). osm1 and osm2.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -q php-memcache memcached liblinux-inotify2-perl rsync iptables \
  corosync pacemaker pcs resource-agents wget > /dev/null
echo "legacy EL7-variant packages on $(hostname): $(dpkg-query -W -f='${Package} ${Version}, ' pacemaker pcs memcached)"
