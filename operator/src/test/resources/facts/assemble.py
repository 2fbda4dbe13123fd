"""Assembles the non-Debian facts fixtures (NOT recorded from live hosts; see docs/host-engine.md).

Usage: python3 assemble.py PATHS_FILE LINES_FILE: FactsRequest.standard().paths(), one per line, and its
lines() as path<TAB>line<TAB>prefix.
Writes <distro>.txt next to this script. Hashes are SHA-256 of placeholder text, not of real files.
"""
import hashlib, os, sys
R=os.path.dirname(os.path.abspath(__file__))
PATHS=open(sys.argv[1]).read().split()
LINES=[l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l]
UNITS="pcsd corosync pacemaker apache2 httpd mariadb mysql lsyncd cluster-vip-src cron crond ufw firewalld".split()
def sha(s): return hashlib.sha256(s.encode()).hexdigest()
HOSTS="""127.0.0.1 localhost
127.0.1.1 osm1
192.168.100.11 osm1.priv
192.168.100.12 osm2.priv the-other-osm
192.168.100.13 pcs3.priv
192.168.100.14 pcs4.priv
192.168.100.21 dbmy.priv"""
def gen(key, osrel, family, pkgs, pcs, pcmk, coro, units, present, netfile, webgrp, lines_present):
    tok='a1b2c3d4e5f60718'
    L=["# ASSEMBLED, not recorded from a live host: %s. os-release is the distribution's published" % key,
       "# /etc/os-release; package versions are those the release's archive ships (as known, may differ by update);",
       "# unit states and paths describe an osm1 that is a running cluster member. Format: FactsProbe v1."]
    L.append('@@ovd-facts 1 %s uid=0' % tok)
    S=lambda n,st: L.append('@@%s %s %s' % (tok,n,st))
    S('os-release','ok'); L.extend(osrel.strip().split("\n"))
    S('hostname','rc=0'); L.append('osm1')
    S('fqdn','rc=0'); L.append('osm1')
    S('hosts','ok'); L.extend(HOSTS.split("\n"))
    S('addresses','rc=0')
    L.append('1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever')
    L.append('2: eth0    inet 10.20.1.11/24 brd 10.20.1.255 scope global eth0\\       valid_lft forever preferred_lft forever')
    L.append('2: eth0    inet 10.20.1.10/24 brd 10.20.1.255 scope global secondary eth0\\       valid_lft forever preferred_lft forever')
    L.append('3: eth1    inet 192.168.100.11/24 brd 192.168.100.255 scope global eth1\\       valid_lft forever preferred_lft forever')
    if family=='deb':
        S('dpkg','rc=1')
        for n,v in pkgs: L.append('%s\tinstall ok installed\t%s' % (n,v))
        S('rpm','missing')
    else:
        S('dpkg','missing'); S('rpm','rc=1')
        for n,v in pkgs: L.append('%s\t%s' % (n,v))
        L.append('package mysql-server is not installed')
    S('units','ok')
    for u in UNITS:
        L.append('=%s rc=0' % u)
        st=units.get(u)
        if st is None: L += ['LoadState=not-found','UnitFileState=','ActiveState=inactive','SubState=dead']
        else:
            ufs,act=st; L += ['LoadState=loaded','UnitFileState='+ufs,'ActiveState='+act,'SubState='+('running' if act=='active' else 'dead')]
    S('pcs','rc=0'); L.extend(pcs)
    S('pacemakerd','rc=0'); L += ['Pacemaker '+pcmk, 'Written by Andrew Beekhof']
    S('corosync','rc=0'); L += ["Corosync Cluster Engine, version '%s'" % coro]
    S('paths','ok')
    for p in PATHS:
        if p in ('/root/.ssh','/var/log/corosync','/etc/lsyncd') or p in present and present[p]=='D':
            if p=='/var/log/corosync' and 'corosync' not in units: L.append('-\t'+p); continue
            L.append('D\t%s\t%s root root' % (p, '700' if p=='/root/.ssh' else '755'))
        elif p in present:
            v=present[p]
            if v.startswith('L:'): L.append('L\t%s\tok\t%s' % (p, v[2:]))
            else: L.append('F\t%s\t%s\t%s' % (p, sha(p+v), v))
        elif p==netfile: L.append('F\t%s\t%s\t%s' % (p, sha(p), '600 root root' if 'netplan' in p or 'nmconnection' in p else '644 root root'))
        else: L.append('-\t'+p)
    S('lines','ok')
    for path, line, prefix in LINES:
        if path in lines_present:
            e = 1 if line in lines_present[path] else 0
            c = 1 if prefix and e else 0
            L.append('%d\t%d\t%s\t%s\t%s' % (e, c, path, line, prefix))
        else:
            L.append('-\t-\t%s\t%s\t%s' % (path, line, prefix))
    S('end','ok')
    open(os.path.join(R,key+'.txt'),'w').write("\n".join(L)+"\n")

deb_present={'/etc/hosts':'644 root root','/etc/hostname':'644 root root','/etc/default/cluster-vip-src':'644 root root',
  '/etc/systemd/system/cluster-vip-src.service':'644 root root','/etc/systemd/system/lsyncd.service':'644 root root',
  '/etc/lsyncd/lsyncd.conf.lua':'644 root root','/etc/lsyncd/lsyncd.cron':'644 root root','/root/.ssh/sync_rsa':'600 root root',
  '/root/.ssh/sync_rsa.pub':'644 root root','/root/.ssh/authorized_keys':'600 root root','/root/.ssh/known_hosts':'644 root root',
  '/var/spool/ovd/session-manager/config':'660 www-data www-data','/etc/ovd/session-manager/sessionmanager.cron':'644 root root',
  '/etc/cron.d/ovd-session-manager':'L:/etc/ovd/session-manager/sessionmanager.cron','/etc/cron.d/lsyncd':'L:/etc/lsyncd/lsyncd.cron',
  '/var/lib/php/sessions':'D','/etc/corosync/corosync.conf':'644 root root','/etc/mysql/mysql.conf.d/mysqld.cnf':'644 root root'}
rh_present=dict(deb_present); del rh_present['/etc/systemd/system/lsyncd.service']; del rh_present['/var/lib/php/sessions']
rh_present['/var/lib/php/session']='D'; rh_present['/etc/sysconfig/lsyncd']='644 root root'; del rh_present['/etc/mysql/mysql.conf.d/mysqld.cnf']; rh_present['/etc/my.cnf']='644 root root'; rh_present['/var/spool/ovd/session-manager/config']='660 apache apache'
UFW_PCMK={'/etc/ufw/user.rules': ['### tuple ### allow tcp 2224,3121,9929 0.0.0.0/0 any 0.0.0.0/0 in','### tuple ### allow udp 5405,9929 0.0.0.0/0 any 0.0.0.0/0 in']}
RH_LINES={'/etc/firewalld/zones/public.xml': ['<service name="high-availability"/>'], '/etc/sysconfig/lsyncd': ['LSYNCD_OPTIONS="/etc/lsyncd/lsyncd.conf.lua"']}
deb_units={'pcsd':('enabled','active'),'corosync':('disabled','active'),'pacemaker':('disabled','active'),'apache2':('enabled','active'),
  'mysql':('disabled','inactive'),'lsyncd':('generated','active'),'cluster-vip-src':('disabled','active'),'cron':('enabled','active'),'ufw':('enabled','active')}
rh_units={'pcsd':('enabled','active'),'corosync':('disabled','active'),'pacemaker':('disabled','active'),'httpd':('disabled','active'),
  'mariadb':('disabled','inactive'),'lsyncd':('disabled','active'),'cluster-vip-src':('disabled','active'),'crond':('enabled','active'),'firewalld':('enabled','active')}
def ub(ver, pretty, code):
    return '''NAME="Ubuntu"
VERSION="%s"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="%s"
VERSION_ID="%s"
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
VERSION_CODENAME=%s
UBUNTU_CODENAME=%s''' % (pretty.replace('Ubuntu ','') , pretty, ver, code, code)
CAPS010="cluster.create cluster.create.separated-name-and-address cluster.create.transport.knet node.add node.add.separated-name-and-address node.standby pcmk.constraint.colocation.simple pcmk.resource.ban-move-clear pcs.auth.client pcs.auth.separated-name-and-address status.pcmk.xml"
CAPS011=CAPS010+" pcmk.resource.move.autoclean pcmk.resource.move.autoclean.default"
gen('ubuntu-16.04', ub('16.04','Ubuntu 16.04.7 LTS (Xenial Xerus)','xenial').replace('PRETTY_NAME="Ubuntu 16.04.7 LTS (Xenial Xerus)"','PRETTY_NAME="Ubuntu 16.04.7 LTS"').replace('VERSION="16.04.7 LTS (Xenial Xerus)"','VERSION="16.04.7 LTS (Xenial Xerus)"'), 'deb',
    [('corosync','2.3.5-3ubuntu2.3'),('pacemaker','1.1.14-2ubuntu1.9'),('pcs','0.9.149-1ubuntu1.1'),('lsyncd','2.1.6-1'),('iptables','1.6.0-2ubuntu3'),('wget','1.17.1-1ubuntu1.5'),('ufw','0.35-0ubuntu2'),('mysql-server','5.7.33-0ubuntu0.16.04.1'),('mysql-client','5.7.33-0ubuntu0.16.04.1')],
    ['0.9.149'], '1.1.14', '2.3.5', deb_units, deb_present, '/etc/network/interfaces.d/eth1.conf', 'www-data', UFW_PCMK)
gen('ubuntu-18.04', ub('18.04','Ubuntu 18.04.6 LTS','bionic').replace('VERSION="18.04.6 LTS"','VERSION="18.04.6 LTS (Bionic Beaver)"'), 'deb',
    [('corosync','2.4.3-0ubuntu1.2'),('pacemaker','1.1.18-0ubuntu1.4'),('pcs','0.9.164-1'),('lsyncd','2.1.6-1'),('iptables','1.6.1-2ubuntu2'),('wget','1.19.4-1ubuntu2.2'),('ufw','0.36-0ubuntu0.18.04.2'),('mysql-server','5.7.42-0ubuntu0.18.04.1'),('mysql-client','5.7.42-0ubuntu0.18.04.1')],
    ['0.9.164'], '1.1.18', '2.4.3', deb_units, deb_present, '/etc/netplan/90_config_eth1.yaml', 'www-data', UFW_PCMK)
gen('ubuntu-22.04', ub('22.04','Ubuntu 22.04.4 LTS','jammy').replace('VERSION="22.04.4 LTS"','VERSION="22.04.4 LTS (Jammy Jellyfish)"'), 'deb',
    [('corosync','3.1.6-1ubuntu1'),('pacemaker','2.1.2-1ubuntu3.3'),('pcs','0.10.11-2ubuntu3'),('resource-agents-extra','1:4.7.0-1ubuntu7.2'),('lsyncd','2.2.3-1'),('iptables','1.8.7-1ubuntu5.2'),('wget','1.21.2-2ubuntu1'),('ufw','0.36.1-4ubuntu0.1'),('mysql-server','8.0.36-0ubuntu0.22.04.1'),('mysql-client','8.0.36-0ubuntu0.22.04.1')],
    ['0.10.11', CAPS010], '2.1.2', '3.1.6', deb_units, deb_present, '/etc/netplan/90_config_eth1.yaml', 'www-data', UFW_PCMK)
gen('ubuntu-24.04', ub('24.04','Ubuntu 24.04 LTS','noble').replace('VERSION="24.04 LTS"','VERSION="24.04 LTS (Noble Numbat)"'), 'deb',
    [('corosync','3.1.7-1ubuntu3.1'),('pacemaker','2.1.6-5ubuntu2'),('pcs','0.11.7-1ubuntu1'),('resource-agents-extra','1:4.13.0-1ubuntu3'),('lsyncd','2.2.3-1build3'),('iptables','1.8.10-3ubuntu2'),('wget','1.21.4-1ubuntu4'),('ufw','0.36.2-6'),('mysql-server','8.0.36-2ubuntu3'),('mysql-client','8.0.36-2ubuntu3')],
    ['0.11.7', CAPS011], '2.1.6', '3.1.7', deb_units, deb_present, '/etc/netplan/90_config_eth1.yaml', 'www-data', UFW_PCMK)
def rh(ver, pretty):
    major=ver.split('.')[0]
    return '''NAME="Red Hat Enterprise Linux"
VERSION="%s"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="%s"
PLATFORM_ID="platform:el%s"
PRETTY_NAME="%s"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:%s"
HOME_URL="https://www.redhat.com/"''' % (pretty.split('Linux ')[1], ver, major, pretty, ver)
gen('rhel-7', rh('7.9','Red Hat Enterprise Linux Server 7.9 (Maipo)').replace('NAME="Red Hat Enterprise Linux"','NAME="Red Hat Enterprise Linux Server"'), 'rpm',
    [('corosync','2.4.5-7.el7_9.2'),('pacemaker','1.1.23-1.el7_9.1'),('pcs','0.9.169-3.el7_9.3'),('lsyncd','2.2.2-1.el7'),('iptables','1.4.21-35.el7'),('wget','1.14-18.el7_6.1'),('firewalld','0.6.3-13.el7_9'),('mariadb','5.5.68-1.el7'),('mariadb-server','5.5.68-1.el7')],
    ['0.9.169'], '1.1.23', '2.4.5', rh_units, dict(rh_present, **{'/etc/httpd/conf.d/status.conf':'644 root root'}), '/etc/sysconfig/network-scripts/ifcfg-eth1', 'apache', RH_LINES)
gen('rhel-8', rh('8.10','Red Hat Enterprise Linux 8.10 (Ootpa)'), 'rpm',
    [('corosync','3.1.8-1.el8'),('pacemaker','2.1.7-5.el8_10'),('pcs','0.10.18-2.el8_10.1'),('lsyncd','2.2.3-1.el8'),('iptables','1.8.5-11.el8_9'),('wget','1.19.5-12.el8_10'),('firewalld','0.9.11-9.el8_10'),('mariadb','10.3.39-1.module+el8.8.0+19673+72b0d35f'),('mariadb-server','10.3.39-1.module+el8.8.0+19673+72b0d35f')],
    ['0.10.18', CAPS010], '2.1.7', '3.1.8', rh_units, rh_present, '/etc/sysconfig/network-scripts/ifcfg-eth1', 'apache', RH_LINES)
gen('rhel-9', rh('9.4','Red Hat Enterprise Linux 9.4 (Plow)'), 'rpm',
    [('corosync','3.1.8-1.el9'),('pacemaker','2.1.7-5.el9_4'),('pcs','0.11.7-2.el9_4'),('lsyncd','2.2.3-14.el9'),('iptables-nft','1.8.10-2.el9'),('wget','1.21.1-7.el9'),('firewalld','1.3.4-1.el9'),('mariadb','10.5.22-1.el9_2'),('mariadb-server','10.5.22-1.el9_2')],
    ['0.11.7', CAPS011], '2.1.7', '3.1.8', rh_units, rh_present, '/etc/NetworkManager/system-connections/eth1.nmconnection', 'apache', RH_LINES)
