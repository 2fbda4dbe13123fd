#!/bin/sh
# Guide, chapter VI, "Add osm2 to the cluster" (osm1 only).
# Environment: SECOND_OSM (osm2.priv).
set -eu
: "${SECOND_OSM:?}"
# 1. Add osm2 to the cluster
pcs cluster node add "$SECOND_OSM" --start
# 2. Verify the status of your cluster (an admin waits until osm2 is online)
i=0
until crm_mon -1 2>/dev/null | grep -q "Online:.* $SECOND_OSM"; do
  i=$((i + 1)); [ $i -lt 120 ] || { crm_mon -1 >&2; echo "$SECOND_OSM not online after 120 s" >&2; exit 1; }; sleep 1
done
pcs status
