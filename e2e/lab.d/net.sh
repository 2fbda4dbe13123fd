# Lab network: a "switch" netns with two bridges, one netns per node, a host<->switch veth.
# Only the fixed lab addresses are configured; the host gets one route, nothing else changes.

ns_exists() { [[ -e /run/netns/$1 ]]; }

net_up() {
  mkdir -p "$STATE"
  # /run/netns is made a mount point by the first `ip netns add`; remember whether we did that
  [[ -f $STATE/netns-mount ]] || { mountpoint -q /run/netns && echo host || echo lab; } > "$STATE/netns-mount"
  # nspawn cleans /run/systemd/nspawn/propagate and refuses to on a disk-backed /run
  mkdir -p /run/systemd/nspawn
  mountpoint -q /run/systemd/nspawn || mount -t tmpfs -o mode=0755 ovdlab-nspawn /run/systemd/nspawn
  if ! ns_exists "$SW_NS"; then
    ip netns add "$SW_NS"
    ip -n "$SW_NS" link set lo up
    # no STP and no forwarding delay: a re-plugged port forwards at once. A fixed MAC: a bridge
    # otherwise takes its lowest port's, which changes when a node's ports are re-created.
    ip -n "$SW_NS" link add br-svc address "$(mac 20 1)" type bridge stp_state 0 forward_delay 0
    ip -n "$SW_NS" link add br-priv address "$(mac 21 1)" type bridge stp_state 0 forward_delay 0
    ip -n "$SW_NS" link set br-svc up
    ip -n "$SW_NS" link set br-priv up
    ip -n "$SW_NS" addr add "$SVC_GW/24" dev br-svc
    ip link add "$HOST_VETH" type veth peer name "$UPLINK_VETH" netns "$SW_NS"
    ip addr add "$HOST_ADDR/30" dev "$HOST_VETH"
    ip link set "$HOST_VETH" up
    ip -n "$SW_NS" addr add "$UPLINK_ADDR/30" dev "$UPLINK_VETH"
    ip -n "$SW_NS" link set "$UPLINK_VETH" up
    # routing between host link and service network happens in the switch only
    ip netns exec "$SW_NS" sysctl -qw net.ipv4.ip_forward=1
    ip route replace "$SVC_PREFIX.0/24" via "$UPLINK_ADDR" dev "$HOST_VETH"
  fi
}

# Fixed MAC addresses, like a VM's NICs: a node keeps them across reboots (its namespace is new
# at each boot), so neighbours' ARP caches stay right. 02:4f:56:<kind>:00:<last octet>, kind 00 eth0,
# 01 eth1, 10/11 their switch ports, 20/21 the bridges.
mac() { printf '02:4f:56:%s:00:%02x\n' "$1" "${OCTET[$2]:-$2}"; }

# a node's namespace with eth0 (svc) and eth1 (priv); the switch ports stay down until plugged
node_net() {
  local n=$1 ns; ns=$(node_ns "$1")
  ns_exists "$ns" && return 0
  ip netns add "$ns"
  ip -n "$SW_NS" link add "$(port "$n" svc)" address "$(mac 10 "$n")" type veth \
    peer name eth0 address "$(mac 00 "$n")" netns "$ns"
  ip -n "$SW_NS" link add "$(port "$n" priv)" address "$(mac 11 "$n")" type veth \
    peer name eth1 address "$(mac 01 "$n")" netns "$ns"
  ip -n "$SW_NS" link set "$(port "$n" svc)" master br-svc
  ip -n "$SW_NS" link set "$(port "$n" priv)" master br-priv
}

# The node's network as a fresh boot has it: a new namespace each boot, because a killed node's
# namespace keeps everything it had (addresses incl. a VIP, routes, iptables/nftables rules,
# conntrack entries, sysctls). The switch ports go first: deleting them removes both veth ends
# at once, so the names are free again immediately.
node_net_fresh() {
  local n=$1 ns; ns=$(node_ns "$1")
  ip -n "$SW_NS" link del "$(port "$n" svc)" 2>/dev/null || true
  ip -n "$SW_NS" link del "$(port "$n" priv)" 2>/dev/null || true
  ! ns_exists "$ns" || ip netns del "$ns"
  node_net "$n"
  node_addrs "$n"
}

node_addrs() {
  local n=$1 ns; ns=$(node_ns "$1")
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(svc_addr "$n")/24" dev eth0
  ip -n "$ns" addr add "$(priv_addr "$n")/24" dev eth1
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth1 up
  ip -n "$ns" route replace "$HOST_ADDR/32" via "$SVC_GW" dev eth0
}

plug() { ip -n "$SW_NS" link set "$(port "$1" "$2")" up; }
unplug() { ip -n "$SW_NS" link set "$(port "$1" "$2")" down; }

net_down() {
  local n
  ip route del "$SVC_PREFIX.0/24" via "$UPLINK_ADDR" dev "$HOST_VETH" 2>/dev/null || true
  ip link del "$HOST_VETH" 2>/dev/null || true
  for n in $NODES $FARM_NODES; do ! ns_exists "$(node_ns "$n")" || ip netns del "$(node_ns "$n")"; done
  ! ns_exists "$SW_NS" || ip netns del "$SW_NS"
  ! mountpoint -q /run/systemd/nspawn || umount /run/systemd/nspawn
  rmdir /run/systemd/nspawn /run/systemd 2>/dev/null || true
  if [[ $(cat "$STATE/netns-mount" 2>/dev/null) == lab ]] && mountpoint -q /run/netns &&
     [[ -z $(ls -A /run/netns) ]]; then
    umount /run/netns && rmdir /run/netns
  fi
  rm -f "$STATE/netns-mount"
}
