#!/bin/sh
# Legacy guide, "SSH Key Configuration": the other node's key in authorized_keys ("cat id_rsa.pub | ssh
# root@10.0.0.2 'cat >>.ssh/authorized_keys'"), and "Verifying the SSH Configuration" (no prompt).
# Environment: OTHER_KEY (its id_rsa.pub line), OTHER_PRIV_ADDR (its heartbeat address).
set -eu
: "${OTHER_KEY:?}" "${OTHER_PRIV_ADDR:?}"
mkdir -p /root/.ssh
grep -qxF "$OTHER_KEY" /root/.ssh/authorized_keys 2>/dev/null || printf '%s\n' "$OTHER_KEY" >> /root/.ssh/authorized_keys
# the guide answers the host key question once by hand; here ssh-keyscan does
ssh-keyscan "$OTHER_PRIV_ADDR" >> /root/.ssh/known_hosts 2>/dev/null
echo "trusts the other node's key"
