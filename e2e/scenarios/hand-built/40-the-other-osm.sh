#!/bin/sh
# Guide, chapter V, "Make each OSM node aware about the other one" and the first half of "Configure
# password-less SSH communication": the sync key pair (osm1 and osm2). Prints the public key.
# Environment: OTHER_OSM_PRIV_NAME (osm2.priv on osm1).
set -eu
: "${OTHER_OSM_PRIV_NAME:?}"
# "Add the-other-osm at the end of the line" defining the opposite OSM node
if ! grep -q "[[:space:]]${OTHER_OSM_PRIV_NAME}[[:space:]].*the-other-osm" /etc/hosts; then
  sed -i "s/^\([0-9.]*[[:space:]]\+$OTHER_OSM_PRIV_NAME\)[[:space:]]*\$/\1 the-other-osm/" /etc/hosts
fi
ping -c 1 -W 2 the-other-osm > /dev/null
# "Generate an SSH key pair"
[ -e /root/.ssh/sync_rsa ] || ssh-keygen -q -N '' -f /root/.ssh/sync_rsa
# "Show the newly created public key"
cat /root/.ssh/sync_rsa.pub
