#!/bin/sh
# Guide, chapter V: "Open /root/.ssh/authorized_keys and paste" the other OSM's key, restricted, then
# "Initialize the SSH trust" with ssh-keyscan (osm2 first with osm1's key, then osm1 with osm2's).
# Environment: OTHER_OSM_PRIV_ADDR (the other OSM's address on the private network), OTHER_OSM_SYNC_KEY
# (its /root/.ssh/sync_rsa.pub: a public key).
set -eu
: "${OTHER_OSM_PRIV_ADDR:?}" "${OTHER_OSM_SYNC_KEY:?}"
mkdir -p /root/.ssh
line="from=\"$OTHER_OSM_PRIV_ADDR\",no-pty,no-user-rc,no-agent-forwarding,no-port-forwarding,no-X11-forwarding $OTHER_OSM_SYNC_KEY"
grep -qxF "$line" /root/.ssh/authorized_keys 2>/dev/null || printf '%s\n' "$line" >> /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
ssh-keyscan the-other-osm >> /root/.ssh/known_hosts 2>/dev/null
echo "$(hostname) trusts the other OSM's sync key"
