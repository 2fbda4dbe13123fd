#!/bin/sh
# Legacy guide, "Inotify Script Installation and Configuration": /sbin/osm-inotify.pl, executable, with
# the other node's heartbeat address in $rip. Inuvika's script is not public: this stand-in does what the
# guide says it does (watch the Session Manager's files with inotify, copy them to the other node with
# rsync over the root key above). osm1 and osm2. Environment: OTHER_PRIV_ADDR.
set -eu
: "${OTHER_PRIV_ADDR:?}"
cat > /sbin/osm-inotify.pl <<'PERL'
#!/usr/bin/perl
# STAND-IN for Inuvika's osm-inotify.pl (legacy failover guide): mirrors the Session Manager's
# configuration and spool to the other node whenever inotify reports a change.
use strict;
use warnings;
use Linux::Inotify2;

# REMOTE SERVER IP
my $rip = "__RIP__";
my @dirs = ("/etc/ovd/session-manager", "/var/spool/ovd/session-manager");

sub push_all {
  for my $d (@dirs) {
    next unless -d $d;
    system("rsync", "-az", "--delete", "-e", "ssh -o BatchMode=yes", "$d/", "root\@$rip:$d/");
  }
}

my $in = Linux::Inotify2->new or die "inotify: $!";
for my $d (@dirs) {
  next unless -d $d;
  $in->watch($d, IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_CLOSE_WRITE);
}
push_all();
while (1) {
  my @events = $in->read;
  push_all() if @events;
}
PERL
sed -i "s/__RIP__/$OTHER_PRIV_ADDR/" /sbin/osm-inotify.pl
chmod +x /sbin/osm-inotify.pl
perl -c /sbin/osm-inotify.pl
