#!/bin/sh
# Guide, chapter VI, "Create a cluster gathering osm1 and both pcs nodes" (osm1 only, pcs 0.10+ forms).
# Environment: CLUSTER_NAME (ovd-sm), AUTH_NODES (osm1.priv osm2.priv pcs3.priv pcs4.priv),
# CORE_NODES (osm1.priv pcs3.priv pcs4.priv). Stdin: the hacluster password, one line.
set -eu
: "${CLUSTER_NAME:?}" "${AUTH_NODES:?}" "${CORE_NODES:?}"
IFS= read -r HACLUSTER_PASSWORD
# 1. Activate authentication with other nodes (pcs reads the password from stdin without a terminal)
# shellcheck disable=SC2086
printf '%s\n' "$HACLUSTER_PASSWORD" | pcs host auth $AUTH_NODES -u hacluster
# 2. Create the cluster
# shellcheck disable=SC2086
pcs cluster setup "$CLUSTER_NAME" $CORE_NODES
# 3. Start the cluster
pcs cluster start --all
# (an admin watches pcs status until the nodes are online)
i=0
until crm_mon -1 2>/dev/null | grep -q 'partition with quorum'; do
  i=$((i + 1)); [ $i -lt 120 ] || { echo "no quorum after 120 s" >&2; exit 1; }; sleep 1
done
# 4. Disable STONITH / fencing
pcs property set stonith-enabled=false
# 5. Verify the status of your cluster
pcs status
