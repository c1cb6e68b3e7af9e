package dev.seam.spring.boot.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * Tomcat's connection under a request: facade, connector request, coyote request, its HTTP/1.1
 * processor, the processor's socket wrapper, the NIO channel. Three steps of the walk are fields
 * Tomcat keeps to itself (the same in Tomcat 10.1 and 11); if one is missing, the walk fails and
 * the request is not watched.
 *
 * <p>All by reflection, resolved once from the facade's class loader: Tomcat's embedded jar carries
 * its own copy of the Servlet API, so compiling against it would put that API twice on the module
 * path of anything that reads this module.
 */
final class TomcatSockets {
  private static final String FACADE = "org.apache.catalina.connector.RequestFacade";
  private static volatile Walk walk;

  private TomcatSockets() {}

  static SocketChannel channel(ServletRequest request) throws ReflectiveOperationException {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      r = wrapper.getRequest();
    }
    if (!r.getClass().getName().equals(FACADE)) {
      return null;
    }
    Walk w = walk;
    if (w == null || w.facade != r.getClass()) {
      w = new Walk(r.getClass());
      walk = w;
    }
    return w.channel(r);
  }

  /** The classes and members of one Tomcat, found from its request facade. */
  private static final class Walk {
    final Class<?> facade;
    final Field facadeRequest; // RequestFacade.request (org.apache.catalina.connector.Request)
    final Method getCoyoteRequest; // connector Request.getCoyoteRequest()
    final Field hook; // org.apache.coyote.Request.hook: the processor
    final Class<?> http11Processor;
    final Field socketWrapper; // AbstractProcessor.socketWrapper
    final Method getSocket; // SocketWrapperBase.getSocket()
    final Class<?> nioChannel;
    final Method getIoChannel; // NioChannel.getIOChannel()

    Walk(Class<?> facade) throws ReflectiveOperationException {
      ClassLoader loader = facade.getClassLoader();
      this.facade = facade;
      facadeRequest = field(facade, "request");
      getCoyoteRequest =
          Class.forName("org.apache.catalina.connector.Request", false, loader)
              .getMethod("getCoyoteRequest");
      hook = field(Class.forName("org.apache.coyote.Request", false, loader), "hook");
      http11Processor = Class.forName("org.apache.coyote.http11.Http11Processor", false, loader);
      socketWrapper =
          field(
              Class.forName("org.apache.coyote.AbstractProcessor", false, loader), "socketWrapper");
      getSocket =
          Class.forName("org.apache.tomcat.util.net.SocketWrapperBase", false, loader)
              .getMethod("getSocket");
      nioChannel = Class.forName("org.apache.tomcat.util.net.NioChannel", false, loader);
      getIoChannel = nioChannel.getMethod("getIOChannel");
    }

    SocketChannel channel(Object facadeInstance) throws ReflectiveOperationException {
      Object connectorRequest = facadeRequest.get(facadeInstance);
      if (connectorRequest == null) {
        return null; // recycled: the request is over
      }
      Object processor = hook.get(getCoyoteRequest.invoke(connectorRequest));
      // HTTP/2 streams and AJP have other processors: their connections are shared or proxied.
      if (!http11Processor.isInstance(processor)) {
        return null;
      }
      Object wrapper = socketWrapper.get(processor);
      Object socket = wrapper == null ? null : getSocket.invoke(wrapper);
      // NIO2 gives an asynchronous channel, which no selector takes.
      return nioChannel.isInstance(socket) ? (SocketChannel) getIoChannel.invoke(socket) : null;
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    }
  }
}
