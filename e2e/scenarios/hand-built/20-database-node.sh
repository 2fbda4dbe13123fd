#!/bin/sh
# Guide, chapter III, "Deploy the dbmy node" and "Create a database and user for OVD" (dbmy only).
# Environment: DB_NAME (ovd), DB_USER (ovd). Stdin: the ovd user's password, one line.
set -eu
: "${DB_NAME:?}" "${DB_USER:?}"
IFS= read -r DB_PASSWORD

# 1. "Install MySQL": Debian ships MariaDB under these names (the guide: apt install mysql-server mysql-client)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -q mariadb-server mariadb-client > /dev/null
# 2. "Set the MySQL root password": left out, Debian's MariaDB lets root in through the unix socket
# 3. "comment out any line with bind-address" under /etc/mysql/, then restart the service
grep -rl '^[[:space:]]*bind-address' /etc/mysql/ | while read -r f; do
  sed -i 's/^\([[:space:]]*bind-address\)/#\1/' "$f"
done
systemctl restart mariadb

# "Create a database and user for OVD" (the password travels on mysql's stdin)
mysql -u root <<SQL
CREATE DATABASE $DB_NAME;
CREATE USER "$DB_USER"@"%" IDENTIFIED BY "$DB_PASSWORD";
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'%';
FLUSH PRIVILEGES;
SQL
echo "database $DB_NAME ready on $(hostname)"
