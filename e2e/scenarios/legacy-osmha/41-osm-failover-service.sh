#!/bin/sh
# Legacy guide, "Installing the Initialization Script for Pacemaker" (RHEL/CentOS 7): osm-failover.sh in
# /usr/sbin, the osm-failover service of the guide's unit, started and enabled at startup as the guide
# says (on both nodes), with "Modifying the osm-failover.sh Script": d_start's SNAT rule, d_stop's nat
# flush. Inuvika's script is not public; this stand-in starts and stops osm-inotify.pl (as the legacy-heartbeat
# scenario's). osm1 and osm2. Environment: FARM_NET, VIRTUAL_IP.
set -eu
: "${FARM_NET:?}" "${VIRTUAL_IP:?}"
cat > /usr/sbin/osm-failover.sh <<SCRIPT
#!/bin/sh
# OSM failover (legacy guide, EL7 path; STAND-IN for Inuvika's script)
DEAMON_NAME=osm-inotify
DAEMON=/sbin/osm-inotify.pl
PIDFILE=/run/osm-inotify.pid

d_start () {
  start-stop-daemon --background --make-pidfile --pidfile \$PIDFILE --start --quiet --exec /usr/bin/perl -- \$DAEMON
  iptables -t nat -I POSTROUTING -d $FARM_NET -j SNAT --to $VIRTUAL_IP
}

d_stop () {
  start-stop-daemon --stop --retry 5 --quiet --pidfile \$PIDFILE --remove-pidfile
  iptables -t nat -F
}

case "\$1" in
  start) d_start ;;
  stop) d_stop ;;
  *) echo "Usage: \$0 {start|stop}"; exit 1 ;;
esac
exit 0
SCRIPT
chmod 755 /usr/sbin/osm-failover.sh
# the guide's unit, one directive per line
cat > /etc/systemd/system/osm-failover.service <<'UNIT'
[Unit]
Description=OSM Failover

[Service]
Type=forking
ExecStart=/usr/sbin/osm-failover.sh start
ExecStop=/usr/sbin/osm-failover.sh stop

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl start osm-failover.service
systemctl enable osm-failover.service
echo "osm-failover.service on $(hostname): $(systemctl is-active osm-failover.service)"
