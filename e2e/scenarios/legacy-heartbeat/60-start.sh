#!/bin/sh
# Legacy guide, "Start the Heartbeat/Pacemaker daemon" (Heartbeat): service heartbeat start. osm1 and osm2.
set -eu
service heartbeat start
echo "heartbeat started on $(hostname)"
