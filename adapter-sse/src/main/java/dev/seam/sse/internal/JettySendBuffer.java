package dev.seam.sse.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * Jetty 12's way from a servlet request to its socket: the servlet request of its ee10 environment
 * (tested here) has a public {@code getRequest()} returning the core {@link Request}, whose
 * connection's end point is transported by the socket channel. Found by name, so another
 * environment with the same method works too and one without it is left alone. Loaded only for
 * Jetty's requests.
 */
final class JettySendBuffer {
  private JettySendBuffer() {}

  static boolean set(Object servletRequest, int bytes) {
    Object core;
    try {
      // Reflection: naming ee10's class would tie this module to that one environment.
      core = servletRequest.getClass().getMethod("getRequest").invoke(servletRequest);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // a Jetty without that method: the socket stays as it is
    }
    if (!(core instanceof Request request)) {
      return false;
    }
    ConnectionMetaData meta = request.getConnectionMetaData();
    // HTTP/2 and /3 carry many streams on one socket: one stream must not shrink the others'.
    if (!meta.getProtocol().startsWith("HTTP/1.")
        || !(meta.getConnection().getEndPoint().getTransport() instanceof NetworkChannel channel)) {
      return false;
    }
    try {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // closed meanwhile: the stream finds out on its first write
    }
  }
}
