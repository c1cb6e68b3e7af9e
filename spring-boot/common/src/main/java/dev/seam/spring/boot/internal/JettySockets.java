package dev.seam.spring.boot.internal;

import jakarta.servlet.ServletRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's connection under a request: the HTTP/1.x connection Jetty sets for the thread that
 * handles it, checked against the request's remote port. Over TLS the connection's end point is the
 * decrypted one, not a socket, and the request is not watched.
 */
final class JettySockets {
  private JettySockets() {}

  static SocketChannel channel(ServletRequest request) {
    HttpConnection connection = HttpConnection.getCurrentConnection();
    if (connection == null) {
      return null; // not on Jetty's thread for this request, or not HTTP/1.x
    }
    EndPoint endPoint = connection.getEndPoint();
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    if (!(endPoint instanceof SocketChannelEndPoint socket)
        || !(remote instanceof InetSocketAddress address)
        || address.getPort() != request.getRemotePort()) {
      return null;
    }
    return socket.getChannel();
  }
}
