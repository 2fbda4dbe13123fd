#!/bin/sh
# Legacy guide, "SSH Key Configuration": ssh-keygen -t rsa (all defaults), printed for the other node.
# osm1 and osm2.
set -eu
[ -f /root/.ssh/id_rsa ] || ssh-keygen -q -t rsa -N '' -f /root/.ssh/id_rsa
cat /root/.ssh/id_rsa.pub
