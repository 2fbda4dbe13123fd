#!/bin/sh
# Legacy guide, "Verifying the SSH Configuration": ssh root@<other> must not ask anything.
# Environment: OTHER_PRIV_ADDR.
set -eu
: "${OTHER_PRIV_ADDR:?}"
ssh -o BatchMode=yes root@"$OTHER_PRIV_ADDR" hostname
