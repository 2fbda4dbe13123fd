package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;

/**
 * A channel open that failed on a stale connection (a rebooted node answers it with a reset) is
 * reconnected once; a channel the server refused on a live connection is not.
 */
class SocketFailureTest {
  @Test
  void aResetUnderAChannelOpenIsTheSocketsARefusalIsNot() {
    ConnectionException reset =
        new ConnectionException(
            "Connection reset",
            new TransportException(
                DisconnectReason.UNKNOWN, new SocketException("Connection reset")));
    assertThat(SshConnection.socketFailure(reset)).isTrue();
    assertThat(SshConnection.socketFailure(new java.io.EOFException())).isTrue();
    assertThat(
            SshConnection.socketFailure(
                new OpenFailException(
                    "session", OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "too many")))
        .isFalse();
    assertThat(SshConnection.socketFailure(new java.io.IOException("other"))).isFalse();
  }
}
