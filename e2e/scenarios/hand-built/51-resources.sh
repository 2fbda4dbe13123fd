#!/bin/sh
# Guide, chapter VI, "Create the cluster resources" (on one cluster node: osm1), the Ubuntu 22.04 forms.
# Environment: VIRTUAL_IP (198.18.0.100), VIP_PREFIX (24), QUORUM_NODES (pcs3.priv pcs4.priv).
set -eu
: "${VIRTUAL_IP:?}" "${VIP_PREFIX:?}" "${QUORUM_NODES:?}"

# Not the guide: the lab's stand-in Session Manager installs its cron as a copy where OVD's package has a
# link; ocf:heartbeat:symlink refuses a regular file (OCF_ERR_INSTALLED), so an admin makes it the link
if [ -f /etc/cron.d/ovd-session-manager ] && [ ! -L /etc/cron.d/ovd-session-manager ]; then
  ln -sfn /etc/ovd/session-manager/sessionmanager.cron /etc/cron.d/ovd-session-manager
fi

# Virtual IP Address
# 1. Configure pcs3.priv and pcs4.priv to host OVD resources
# shellcheck disable=SC2086
pcs constraint location "regexp%(virtual_ip*|osm*|httpd|lsyncd*)" avoids $QUORUM_NODES
# 2. Add the VIP as a resource in the cluster
pcs resource create virtual_ip ocf:heartbeat:IPaddr2 ip="$VIRTUAL_IP" cidr_netmask="$VIP_PREFIX"
# 3. Create a resource for the cluster-vip-src service
pcs resource create virtual_ip_src systemd:cluster-vip-src
# 4. Add the constraints to the VIP
pcs constraint colocation add virtual_ip_src with virtual_ip

# CRON
pcs resource create osm_cron ocf:heartbeat:symlink \
    target=/etc/ovd/session-manager/sessionmanager.cron \
    link=/etc/cron.d/ovd-session-manager
pcs constraint colocation add osm_cron with virtual_ip

# Apache HTTP server (Ubuntu 22.04 / 18.04 form: no configfile)
pcs resource create httpd ocf:heartbeat:apache \
    statusurl="http://127.0.0.1/server-status"
pcs constraint colocation add httpd with virtual_ip

# lsyncd service
pcs resource create lsyncd --disable systemd:lsyncd
pcs constraint colocation add lsyncd with virtual_ip
pcs resource enable lsyncd
pcs resource create --disable lsyncd_cron ocf:heartbeat:symlink \
    target=/etc/lsyncd/lsyncd.cron \
    link=/etc/cron.d/lsyncd
pcs constraint colocation add lsyncd_cron with lsyncd
pcs resource enable lsyncd_cron

# Verify we have all resources showing in PCS (an admin waits until all six are Started)
i=0
until [ "$(crm_mon -1 2>/dev/null | grep -c 'Started')" -ge 6 ]; do
  i=$((i + 1)); [ $i -lt 120 ] || { crm_mon -1 >&2; echo "resources not started after 120 s" >&2; exit 1; }; sleep 1
done
pcs status
