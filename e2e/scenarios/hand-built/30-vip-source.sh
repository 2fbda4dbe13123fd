#!/bin/sh
# Guide, chapter IV, "Prepare the VIP-src service" (osm1 and osm2): the guide's unit, one SNAT rule, no guard.
# Environment: VIP_NIC (eth0), VIRTUAL_IP (198.18.0.100).
set -eu
: "${VIP_NIC:?}" "${VIRTUAL_IP:?}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# 1. Install the iptables package
apt-get install -y -q iptables > /dev/null
# 2. /etc/systemd/system/cluster-vip-src.service
cat > /etc/systemd/system/cluster-vip-src.service <<'UNIT'
[Unit]
Description=Enable source IP rewrite to match with the VIP

[Service]
Type=oneshot
RemainAfterExit=yes

EnvironmentFile=/etc/default/cluster-vip-src

ExecStart=/sbin/iptables -t nat -I POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}
ExecStop=/sbin/iptables  -t nat -D POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}

[Install]
WantedBy=multi-user.target
UNIT
# 3. /etc/default/cluster-vip-src, VIRTUAL_IP and NIC filled in ("You must fill the VIRTUAL_IP variable")
cat > /etc/default/cluster-vip-src <<DEFAULTS
# Configuration of the *cluster-vip-src* service
#
# You must configure the following variables:

# NIC
#
# Set the name of the Network Interface Controller (NIC) where the
# virtual IP address will be added.
#
NIC=$VIP_NIC

# VIRTUAL_IP
#
# Example: 10.20.1.10
#
VIRTUAL_IP=$VIRTUAL_IP

# ADDRESS
#
# List all subnets where you want the virtual IP address to be used for
# outgoing traffic.
#
# So all OVD OAS, OFS and ESG servers are required to be listed here.
#
# Comma separated list
# CIDR notation to describe IP or subnet
#
ADDRESS=0.0.0.0/0
DEFAULTS
echo "cluster-vip-src prepared on $(hostname)"
