#!/bin/sh
# Guide, chapter I, "Configure hostname and network for each node" (every node, osm1 included).
# Environment: NODE (osm1), PRIV_NIC (eth1), PRIV_ADDR (198.19.100.11), PRIV_NETMASK (255.255.255.0),
# PRIV_HOSTS: the "Internal network names" as address=name pairs separated by spaces.
set -eu
: "${NODE:?}" "${PRIV_NIC:?}" "${PRIV_ADDR:?}" "${PRIV_NETMASK:?}" "${PRIV_HOSTS:?}"

# "IP address configuration on second NIC": /etc/network/interfaces.d/eth1.conf (the guide's ifupdown form;
# the lab's minimal Debian has no ifupdown, so the folder may be missing)
mkdir -p /etc/network/interfaces.d
cat > "/etc/network/interfaces.d/$PRIV_NIC.conf" <<CONF
auto $PRIV_NIC
iface $PRIV_NIC inet static
    address $PRIV_ADDR
    netmask $PRIV_NETMASK
CONF
# "Reload the system network configuration": the lab brings eth1 up with this address at boot already
if ! ip -o addr show dev "$PRIV_NIC" | grep -q " $PRIV_ADDR/"; then
  systemctl restart networking
fi

# "System Hostname Definition"
hostname; hostname -f || true
[ "$(hostname)" = "$NODE" ] || hostnamectl set-hostname "$NODE"

# "Internal network names": make sure /etc/hosts contains the entries
for pair in $PRIV_HOSTS; do
  line="${pair%%=*} ${pair#*=}"
  grep -qxF "$line" /etc/hosts || printf '%s\n' "$line" >> /etc/hosts
done

# "Verify network configuration and connectivity"
ip addr show dev "$PRIV_NIC"
for pair in $PRIV_HOSTS; do
  ping -c 1 -W 2 "${pair#*=}" > /dev/null
done
echo "network of $NODE ready"
