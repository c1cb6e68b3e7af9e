package dev.seam.examples.readme;

import dev.seam.sse.SseEndpoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The README's embedded-Jetty shutdown hook for SSE. */
final class EmbeddedJettyExample {
  private EmbeddedJettyExample() {}

  static void closeStreamsFirst(Server server, SseEndpoint sse) {
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopping(LifeCycle event) {
            sse.close(); // farewell first, then Jetty closes
          }
        });
  }
}
