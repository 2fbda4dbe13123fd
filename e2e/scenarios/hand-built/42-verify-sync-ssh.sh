#!/bin/sh
# Guide, chapter V, "Verifying the SSH Configuration": send /etc/hostname to the other OSM with the sync
# key, then (CHECK=1, on the receiving side) confirm and delete the received file.
set -eu
if [ "${CHECK:-0}" = 1 ]; then
  cat /root/hostname-received
  unlink /root/hostname-received
else
  unset SSH_AUTH_SOCK
  scp -o BatchMode=yes -i /root/.ssh/sync_rsa /etc/hostname root@the-other-osm:hostname-received
fi
