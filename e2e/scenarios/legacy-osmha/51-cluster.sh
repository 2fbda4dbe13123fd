#!/bin/sh
# Legacy guide, EL7 path, on osm1: "pcs cluster auth osm01 osm02", "pcs cluster setup --name osmha osm01
# osm02", corosync and pacemaker enabled, the configuration file's properties, resources and constraints,
# "pcs cluster start --all", "pcs cluster cib-push configuration". With the lab's pcs (0.10+): "pcs host auth"
# and "pcs cluster setup osmha ..." with each node's address, "colocation add A with B" (pcs 0.9's
# "colocation add A B" is refused); the configuration file is taken from the
# running cluster ("pcs cluster cib configuration") before the pcs -f edits, which the guide's order leaves
# out. The nodes' addresses are their private ones: the guide has osm-failover.service started on both nodes
# before the cluster exists, and its SNAT rule then sends each node's traffic to the other's service address
# from the VIP, which nobody holds yet (pcs host auth hangs). Environment: CLUSTER_NAME (osmha),
# OSM1/OSM1_ADDR, OSM2/OSM2_ADDR, VIRTUAL_IP, CIDR_NETMASK, APACHE_CONF. Stdin: the hacluster password.
set -eu
: "${CLUSTER_NAME:?}" "${OSM1:?}" "${OSM1_ADDR:?}" "${OSM2:?}" "${OSM2_ADDR:?}" "${VIRTUAL_IP:?}"
: "${CIDR_NETMASK:?}" "${APACHE_CONF:?}"
IFS= read -r HACLUSTER_PASSWORD
# (pcsd may still be starting its workers: the lab saw osm1 refuse the first attempt, as an admin would, once)
i=0
until printf '%s\n' "$HACLUSTER_PASSWORD" | pcs host auth "$OSM1" addr="$OSM1_ADDR" "$OSM2" addr="$OSM2_ADDR" -u hacluster; do
  i=$((i + 1)); [ $i -lt 5 ] || exit 1; sleep 2
done
pcs cluster setup "$CLUSTER_NAME" "$OSM1" addr="$OSM1_ADDR" "$OSM2" addr="$OSM2_ADDR"
pcs cluster enable --all
pcs cluster start --all
i=0
until crm_mon -1 2>/dev/null | grep -q 'partition with quorum'; do
  i=$((i + 1)); [ $i -lt 120 ] || { echo "no quorum after 120 s" >&2; exit 1; }; sleep 1
done
cd /root
pcs cluster cib configuration
pcs -f configuration property set stonith-enabled=false
pcs -f configuration property set no-quorum-policy=ignore
pcs -f configuration resource create virtual_ip ocf:heartbeat:IPaddr2 ip="$VIRTUAL_IP" cidr_netmask="$CIDR_NETMASK" op monitor interval=20s
pcs -f configuration resource create WebServer ocf:heartbeat:apache configfile="$APACHE_CONF" statusurl="http://127.0.0.1/server-status" op monitor interval=20s
pcs -f configuration constraint colocation add WebServer with virtual_ip INFINITY
pcs -f configuration resource create OSM systemd:osm-failover op monitor interval=20s --force
pcs -f configuration constraint colocation add virtual_ip with OSM INFINITY
pcs cluster cib-push configuration
i=0
until [ "$(crm_mon -1 2>/dev/null | grep -c 'Started')" -ge 3 ]; do
  i=$((i + 1)); [ $i -lt 120 ] || { crm_mon -1 >&2; echo "resources not started after 120 s" >&2; exit 1; }; sleep 1
done
pcs status
