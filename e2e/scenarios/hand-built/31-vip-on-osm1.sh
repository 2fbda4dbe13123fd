#!/bin/sh
# Guide, chapter IV, "Apply the VIP on osm1" (osm1 only; the farm is in Maintenance Mode).
# Environment: VIRTUAL_IP (198.18.0.100), VIP_PREFIX (24), VIP_NIC (eth0).
set -eu
: "${VIRTUAL_IP:?}" "${VIP_PREFIX:?}" "${VIP_NIC:?}"
# 2. Set the VIP
ip addr add "$VIRTUAL_IP/$VIP_PREFIX" dev "$VIP_NIC"
# 3. Start the cluster-vip-src service (not enabled: Pacemaker will own it). The first nat rule starts
# connection tracking in the middle of this very SSH session, which would then die: start it a second
# after the session ended (the driver waits for the unit).
systemd-run --quiet --on-active=1 --unit=hand-built-vip-src-start systemctl start cluster-vip-src
echo "VIP $VIRTUAL_IP on $VIP_NIC; cluster-vip-src starts in 1 s"
