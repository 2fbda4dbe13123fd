package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.junit.jupiter.api.Test;

/**
 * A channel open that failed on a stale connection (a rebooted node answers it with a reset) is
 * reconnected once; a channel the server refused on a live connection is not.
 */
class SocketFailureTest {
  @Test
  void aResetUnderAChannelOpenIsTheSocketsARefusalIsNot() {
    SshException reset = new SshException("open failed", new SocketException("Connection reset"));
    assertThat(SshConnection.socketFailure(reset)).isTrue();
    assertThat(SshConnection.socketFailure(new java.io.EOFException())).isTrue();
    assertThat(SshConnection.socketFailure(new java.nio.channels.ClosedChannelException()))
        .isTrue();
    assertThat(
            SshConnection.socketFailure(
                new SshChannelOpenException(
                    1, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, "too many")))
        .isFalse();
    assertThat(SshConnection.socketFailure(new java.io.IOException("other"))).isFalse();
  }
}
