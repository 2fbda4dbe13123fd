#!/bin/sh
# Legacy guide, "Configuring sessions sharing" (Ubuntu LTS), osm1 and osm2: memcached listens on the node's
# own address, PHP keeps its sessions in both nodes' memcached, memcache fails over and keeps 4 copies.
# Environment: OWN_ADDR (this node's service address), MEMCACHE_SERVERS ("tcp://A:11211,tcp://B:11211").
set -eu
: "${OWN_ADDR:?}" "${MEMCACHE_SERVERS:?}"
# "Change the line by replacing with the OSM ip": -l 127.0.0.1
sed -i "s/^-l 127\.0\.0\.1\$/-l $OWN_ADDR/" /etc/memcached.conf
grep -qx -- "-l $OWN_ADDR" /etc/memcached.conf
service memcached restart
# "Edit the Apache configuration file" (/etc/php/7.2/apache2/php.ini on 18.04: the version Debian has);
# the lab's Apache has no PHP module, so the CLI's php.ini stands in where apache2's is missing
for ini in /etc/php/*/apache2/php.ini /etc/php/*/cli/php.ini; do
  [ -f "$ini" ] || continue
  printf '\nsession.save_handler = memcache\nsession.save_path = %s\n' "'$MEMCACHE_SERVERS'" >> "$ini"
done
# "Edit the memcache mode configuration file"
for ini in /etc/php/*/mods-available/memcache.ini; do
  printf 'memcache.allow_failover=1\nmemcache.session_redundancy=4\n' >> "$ini"
done
# "Restart Apache"
service apache2 restart
echo "sessions in memcache on $(hostname)"
