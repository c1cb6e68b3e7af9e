package dev.seam.spring.boot.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the connection under a request on Boot's embedded Tomcat or Jetty, for {@link
 * ClientDisconnects}. Neither server offers this through the Servlet API, so each has its own
 * finder, loaded only when that server is on the class path.
 *
 * <p>Gives {@code null} (the request is not watched; its call ends at the async timeout, as before)
 * for what cannot be watched safely: HTTP/2 and other multiplexed connections, TLS on Jetty,
 * Tomcat's NIO2 and APR connectors, Undertow, and a server version whose internals moved. The first
 * such failure is logged at INFO, and the finders are not asked again.
 *
 * <p>Call it on the thread that handles the request (Jetty's finder reads the connection the server
 * set for that thread). Thread-safe.
 */
final class ServerSockets {
  private static final Logger log = LoggerFactory.getLogger(ServerSockets.class);
  private static final boolean TOMCAT = present("org.apache.catalina.connector.RequestFacade");
  private static final boolean JETTY = present("org.eclipse.jetty.server.internal.HttpConnection");
  // Set at the first failure: the server's internals are not what the finder knows, and asking
  // again for every request would only repeat the reflective walk and its failure.
  private static final AtomicBoolean GIVEN_UP = new AtomicBoolean();

  private ServerSockets() {}

  static SocketChannel channel(HttpServletRequest request) {
    String protocol = request.getProtocol();
    if (GIVEN_UP.get() || (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol))) {
      return null;
    }
    try {
      SocketChannel channel = null;
      if (TOMCAT) {
        channel = TomcatSockets.channel(request);
      }
      if (channel == null && JETTY) {
        channel = JettySockets.channel(request);
      }
      return channel;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      if (GIVEN_UP.compareAndSet(false, true)) {
        log.info(
            "Cannot reach the connection under a request on this server; from now on a client that"
                + " leaves has its call cancelled at the MVC async timeout instead",
            e);
      }
      return null;
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ServerSockets.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
