package io.ovdfailover.hosts.ssh;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;

/**
 * The one sshj {@link Config} of the process. Building a {@link DefaultConfig} instantiates every
 * algorithm factory, so it is built once and shared by all connections.
 */
final class SshClientConfig {
  private static final Config SHARED = build();

  private SshClientConfig() {}

  static Config shared() {
    return SHARED;
  }

  private static Config build() {
    DefaultConfig config = new DefaultConfig();
    // keepalive@openssh.com is a global request the server must answer: unanswered requests reveal
    // a dead peer.
    // The default HEARTBEAT (SSH_MSG_IGNORE) expects no answer and so never notices one.
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    return config;
  }
}
