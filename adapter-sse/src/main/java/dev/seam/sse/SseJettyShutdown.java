package dev.seam.sse;

import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Wires SSE endpoints into an embedded Jetty 12 server's shutdown so that every open stream gets
 * its farewell: one line, {@code SseJettyShutdown.closeBeforeConnectors(server, sse)}.
 *
 * <p>Why it is needed: Jetty's {@code server.stop()} closes its connections before it destroys the
 * servlet contexts, so an endpoint closed in {@code contextDestroyed} or {@link SseServlet#destroy}
 * finds its streams already cut (no farewell, no {@code retry:}, the client sees a network error)
 * and the stop waits out Jetty's stop timeout. This helper closes the endpoints when the server
 * <em>starts</em> stopping, before anything else stops: each stream gets the farewell and its
 * producer is cancelled, within the endpoint's shutdown grace, and then Jetty closes what is left.
 *
 * <p>Other containers (wiring described, not tested here): on Tomcat, close the endpoint from a
 * {@code LifecycleListener} on the {@code Server} for {@code Lifecycle.BEFORE_STOP_EVENT}, which
 * comes before the connectors pause and the servlets are destroyed; in Spring Boot, from the {@code
 * stop()} of a {@code SmartLifecycle} bean with the default phase, which stops before the web
 * server's graceful shutdown (so that shutdown has no open streams to wait for). {@link
 * SseEndpoint#close()} is idempotent, so the context's own close may stay.
 *
 * <p>Needs {@code org.eclipse.jetty:jetty-server} on the class path (an optional dependency of this
 * module). The listener runs on the thread that calls {@code server.stop()}, which blocks for at
 * most about the largest shutdown grace of the endpoints. Thread-safe.
 *
 * @since 0.1
 */
// Jetty is an optional dependency: whoever uses this class reads its module already, and
// `requires static transitive` would make every modular user of seam-sse need it to compile.
@SuppressWarnings("exports")
public final class SseJettyShutdown {
  private SseJettyShutdown() {}

  /**
   * Closes {@code endpoints}, in order, when {@code server} starts stopping, before its connectors
   * and contexts stop.
   *
   * @param server the embedded server, started or not
   * @param endpoints the endpoints its servlets serve
   * @throws NullPointerException if the server or an endpoint is null
   */
  public static void closeBeforeConnectors(Server server, SseEndpoint... endpoints) {
    Objects.requireNonNull(server, "server");
    List<SseEndpoint> toClose = List.of(endpoints); // rejects null entries
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopping(LifeCycle event) {
            for (SseEndpoint e : toClose) {
              e.close();
            }
          }
        });
  }
}
