#!/bin/sh
# Guide, chapter III, "Switch the Session Manager database" (osm1 only).
# Environment: DB_HOST (dbmy.priv), DB_NAME (ovd), DB_USER (ovd). Stdin: the ovd user's password on dbmy.
set -eu
: "${DB_HOST:?}" "${DB_NAME:?}" "${DB_USER:?}"
IFS= read -r DB_PASSWORD
cd /root
CONFIG=/var/spool/ovd/session-manager/config
# the guide types the passwords at mysql's -p prompt; here they go in 0600 option files
umask 077
printf '[client]\npassword=%s\n' "$DB_PASSWORD" > /root/.hand-built-dbmy.cnf
trap 'rm -f /root/.hand-built-dbmy.cnf /root/.hand-built-local.cnf' EXIT

# 1. Check MySQL connectivity with the new database server
mysql --defaults-extra-file=/root/.hand-built-dbmy.cnf -h "$DB_HOST" -u "$DB_USER" -e 'SHOW DATABASES; SHOW GRANTS'
# 2. Disable the Session Manager service on osm1
mv "$CONFIG" ~/session-manager.conf.orig
# 3. Export the local database (the local password is the one in the configuration)
python3 - ~/session-manager.conf.orig > /root/.hand-built-local.cnf <<'PY'
import json, sys
print("[client]\npassword=%s" % json.load(open(sys.argv[1]))["general.sql.password"])
PY
mysqldump --defaults-extra-file=/root/.hand-built-local.cnf -h localhost -u ovd --no-tablespaces --create-options \
  --default-character-set=utf8 --lock-tables --quote-names --databases ovd > session-manager-database.sql
# 4. Import the local OVD database to our new database host
mysql --defaults-extra-file=/root/.hand-built-dbmy.cnf -h "$DB_HOST" -u "$DB_USER" "$DB_NAME" < session-manager-database.sql
# 5. Stop and disable the MySQL service on osm1 (Debian: mariadb)
systemctl disable --now mariadb
# 6. Copy the Session Manager backup configuration file
cp ~/session-manager.conf.orig ~/session-manager.conf
# 7. Edit ~/session-manager.conf: general.sql.host, .user, .password (JSON kept valid; password on stdin)
printf '%s\n' "$DB_PASSWORD" | python3 -c '
import json, sys
path, host, user = sys.argv[1:4]
with open(path) as f:
    c = json.load(f)
c["general.sql.host"] = host
c["general.sql.user"] = user
c["general.sql.password"] = sys.stdin.readline().rstrip("\n")
with open(path, "w") as f:
    json.dump(c, f, indent=4)
    f.write("\n")
' ~/session-manager.conf "$DB_HOST" "$DB_USER"
# 8. Enable the Session Manager service on osm1
install -o www-data -g www-data -m 660 -T ~/session-manager.conf "$CONFIG"
echo "the Session Manager uses $DB_HOST"
