package dev.seam.examples.readme;

import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseJettyShutdown;
import org.eclipse.jetty.server.Server;

/** The README's embedded-Jetty shutdown hook for SSE. */
final class EmbeddedJettyExample {
  private EmbeddedJettyExample() {}

  static void closeStreamsFirst(Server server, SseEndpoint sse) {
    SseJettyShutdown.closeBeforeConnectors(server, sse); // farewell first, then Jetty closes
  }
}
