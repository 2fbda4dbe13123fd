#!/bin/sh
# Legacy guide, the second NIC (eth1 with IPADDR and NETMASK, then "reboot"): ifupdown and the network scripts
# give the address its broadcast address; the lab's boot adds it without one, and Heartbeat's "bcast eth1"
# sends to the interface's broadcast address. osm1 and osm2. Environment: PRIV_NIC, PRIV_ADDR, PRIV_PREFIX.
set -eu
: "${PRIV_NIC:?}" "${PRIV_ADDR:?}" "${PRIV_PREFIX:?}"
if ! ip -o -4 addr show dev "$PRIV_NIC" | grep -q " $PRIV_ADDR/$PRIV_PREFIX brd "; then
  ip addr del "$PRIV_ADDR/$PRIV_PREFIX" dev "$PRIV_NIC"
  ip addr add "$PRIV_ADDR/$PRIV_PREFIX" brd + dev "$PRIV_NIC"
fi
ip -o -4 addr show dev "$PRIV_NIC"
