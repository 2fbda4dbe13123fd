#!/bin/sh
# Legacy guide, "Heartbeat Configuration": ha.cf, authkeys and haresources in /etc/heartbeat (a link to
# /etc/ha.d). The guide writes them on osm1 and copies them with scp; here each node gets the same three
# files from the same values (the key on stdin). osm1 and osm2.
# Environment: NODES ("osm1 osm2"), BCAST (the heartbeat NIC, eth1), PING (a ping node), OWNER (osm1),
# VIRTUAL_IP. Stdin: the authkeys secret, one line.
set -eu
: "${NODES:?}" "${BCAST:?}" "${PING:?}" "${OWNER:?}" "${VIRTUAL_IP:?}"
IFS= read -r KEY
cd /etc/ha.d
cat > ha.cf <<CONF
autojoin none
logfile /var/log/heartbeat.log
logfacility daemon
node $NODES
keepalive 2
warntime 5
deadtime 15
bcast $BCAST
ping $PING
auto_failback yes
CONF
# "echo -e "auth 1\n1 sha1 $(dd ... | openssl md5)" > /etc/ha.d/authkeys && chmod 600"
umask 077
printf 'auth 1\n1 sha1 %s\n' "$KEY" > authkeys
chmod 0600 authkeys
umask 022
echo "$OWNER $VIRTUAL_IP cron osm-failover.sh" > haresources
ls -l /etc/ha.d/ha.cf /etc/ha.d/authkeys /etc/ha.d/haresources
