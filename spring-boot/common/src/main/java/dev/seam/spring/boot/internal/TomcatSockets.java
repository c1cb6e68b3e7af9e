package dev.seam.spring.boot.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Field;
import java.nio.channels.SocketChannel;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's connection under a request: facade, connector request, coyote request, its HTTP/1.1
 * processor, the processor's socket wrapper, the NIO channel. Three steps of the walk are fields
 * Tomcat keeps to itself (the same in Tomcat 10.1 and 11); if one is missing, the walk fails and
 * the request is not watched.
 */
final class TomcatSockets {
  private static final Field FACADE_REQUEST = field(RequestFacade.class, "request");
  private static final Field HOOK = field(org.apache.coyote.Request.class, "hook");
  private static final Field SOCKET_WRAPPER = field(AbstractProcessor.class, "socketWrapper");

  private TomcatSockets() {}

  static SocketChannel channel(ServletRequest request) throws ReflectiveOperationException {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      r = wrapper.getRequest();
    }
    if (!(r instanceof RequestFacade facade)) {
      return null;
    }
    Request connectorRequest = (Request) FACADE_REQUEST.get(facade);
    // HTTP/2 streams and AJP have other processors: their connections are shared or proxied.
    if (connectorRequest == null
        || !(HOOK.get(connectorRequest.getCoyoteRequest()) instanceof Http11Processor processor)) {
      return null;
    }
    if (SOCKET_WRAPPER.get(processor) instanceof SocketWrapperBase<?> wrapper
        && wrapper.getSocket() instanceof NioChannel nio) {
      return nio.getIOChannel();
    }
    return null; // NIO2 gives an asynchronous channel, which no selector takes
  }

  private static Field field(Class<?> owner, String name) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(owner.getName() + " has no field " + name, e);
    }
  }
}
