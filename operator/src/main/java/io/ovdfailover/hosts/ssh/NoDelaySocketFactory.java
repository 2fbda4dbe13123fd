package io.ovdfailover.hosts.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with TCP_NODELAY. sshj leaves Nagle's algorithm on, and each small SSH packet of a
 * command then waits for the peer's delayed ACK: about 40 ms per command on an open connection
 * instead of about 2 ms. sshj calls {@link #createSocket()} and connects the socket itself,
 * honouring its connect timeout.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {}

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null, 0);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port), localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port), localAddress, localPort);
  }

  private Socket connected(InetSocketAddress remote, InetAddress localAddress, int localPort)
      throws IOException {
    Socket socket = createSocket();
    if (localAddress != null || localPort != 0) {
      socket.bind(new InetSocketAddress(localAddress, localPort));
    }
    socket.connect(remote);
    return socket;
  }
}
