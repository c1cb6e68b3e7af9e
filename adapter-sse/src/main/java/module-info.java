/**
 * Server-Sent Events from blocking producers on seams: keep-alive, disconnect to cancel, bounded
 * buffers, resume, status before the stream starts and graceful shutdown, with Servlet 6 async and
 * JDK {@code HttpServer} bindings.
 *
 * <p>{@code dev.seam.sse.internal} is not API.
 */
module dev.seam.sse {
  requires transitive dev.seam;
  requires org.slf4j;
  requires static jakarta.servlet;
  requires static transitive jdk.httpserver; // a JDK module: always there to read
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.util;

  exports dev.seam.sse;
}
