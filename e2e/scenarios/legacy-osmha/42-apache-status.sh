#!/bin/sh
# Legacy guide, "Apache server status" (EL7): /server-status from 127.0.0.1 for the apache agent's monitor
# (Debian's mod_status serves it to local clients already: enabled here), then "chkconfig httpd off;
# systemctl stop httpd.service": Pacemaker starts Apache. osm1 and osm2.
set -eu
a2enmod -q status
systemctl disable apache2
systemctl stop apache2
echo "apache2 on $(hostname): $(systemctl is-enabled apache2), $(systemctl is-active apache2)"
