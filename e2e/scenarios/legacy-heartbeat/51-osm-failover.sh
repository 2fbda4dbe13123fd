#!/bin/sh
# Legacy guide, "Installing the Initialization Script for Heartbeat" (Ubuntu LTS): /etc/init.d/osm-failover.sh,
# chmod 755, "update-rc.d osm-failover.sh defaults" then "disable" (Heartbeat starts it on the active node
# only), with "Modifying the osm-failover.sh Script": d_start inserts the SNAT rule to the farm's network,
# d_stop flushes the nat table. Inuvika's script is not public; this one starts and stops osm-inotify.pl,
# which the guide says Heartbeat starts. osm1 and osm2. Environment: FARM_NET (198.18.0.0/24), VIRTUAL_IP.
set -eu
: "${FARM_NET:?}" "${VIRTUAL_IP:?}"
cat > /etc/init.d/osm-failover.sh <<SCRIPT
#!/bin/sh
### BEGIN INIT INFO
# Provides:          osm-failover
# Required-Start:    \$network \$remote_fs
# Required-Stop:     \$network \$remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: OSM failover (legacy guide; STAND-IN for Inuvika's script)
### END INIT INFO
. /lib/lsb/init-functions
DEAMON_NAME=osm-inotify
DAEMON=/sbin/osm-inotify.pl
PIDFILE=/run/osm-inotify.pid

d_start () {
  log_daemon_msg "Starting system \$DEAMON_NAME Daemon"
  start-stop-daemon --background --make-pidfile --pidfile \$PIDFILE --start --quiet --exec /usr/bin/perl -- \$DAEMON
  log_end_msg \$?
  iptables -t nat -I POSTROUTING -d $FARM_NET -j SNAT --to $VIRTUAL_IP
}

d_stop () {
  log_daemon_msg "Stopping system \$DEAMON_NAME Daemon"
  start-stop-daemon --stop --retry 5 --quiet --pidfile \$PIDFILE --remove-pidfile
  log_end_msg \$?
  iptables -t nat -F
}

case "\$1" in
  start) d_start ;;
  stop) d_stop ;;
  restart) d_stop; d_start ;;
  status) start-stop-daemon --status --pidfile \$PIDFILE && echo running || { echo stopped; exit 3; } ;;
  *) echo "Usage: \$0 {start|stop|restart|status}"; exit 1 ;;
esac
exit 0
SCRIPT
chmod 755 /etc/init.d/osm-failover.sh
update-rc.d osm-failover.sh defaults
update-rc.d osm-failover.sh disable
echo "osm-failover.sh installed on $(hostname)"
