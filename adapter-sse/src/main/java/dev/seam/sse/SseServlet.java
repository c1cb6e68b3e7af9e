package dev.seam.sse;

import dev.seam.sse.internal.Connection;
import dev.seam.sse.internal.SendBuffers;
import dev.seam.sse.internal.ServletTransport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves a {@link SseProducer} as Server-Sent Events from any Servlet 6 container (Jetty 12, Tomcat
 * 10.1+, Undertow; Spring MVC through a {@code ServletRegistrationBean}). Register it with async
 * support on:
 *
 * <pre>{@code
 * ServletRegistration.Dynamic reg = context.addServlet("progress", new SseServlet(sse, producer));
 * reg.setAsyncSupported(true);
 * reg.addMapping("/jobs/progress");
 * }</pre>
 *
 * <p>Each GET starts an async response ({@link AsyncContext} with no timeout) and returns the
 * container thread at once; the producer runs on the endpoint's seam. The response is written with
 * Servlet non-blocking I/O (a {@code WriteListener}) from the endpoint's few writer threads, and
 * the container's {@code onWritePossible} resumes a stream whose client was slow, so a client that
 * stops reading parks no thread. The container's async and write error events count as a
 * disconnect. {@link #destroy()} closes the endpoint, so undeploying ends every stream gracefully.
 * A container that closes its connections before it destroys its servlets (Jetty's {@code
 * server.stop()} does) would cut the streams first: close the endpoint when the server starts
 * stopping (on Jetty, a {@code LifeCycle.Listener}'s {@code lifeCycleStopping}) so the farewell
 * arrives. Thread-safe.
 *
 * @since 0.1
 */
// The servlet API is an optional dependency: whoever uses this class reads its module already, and
// `requires static transitive` would make every modular user of seam-sse need it to compile.
@SuppressWarnings("exports")
public final class SseServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient SseEndpoint endpoint;
  private final transient SseProducer producer;
  private final transient SseBroadcaster broadcaster;

  /**
   * Creates the servlet.
   *
   * @param endpoint the endpoint streams live in
   * @param producer produces each client's stream
   */
  public SseServlet(SseEndpoint endpoint, SseProducer producer) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.broadcaster = null;
  }

  /**
   * Creates a servlet whose clients subscribe to a broadcaster: no producer runs per client, so a
   * client holds no seam worker (see {@link SseBroadcaster}).
   *
   * @param endpoint the endpoint streams live in
   * @param broadcaster the events every client gets
   */
  public SseServlet(SseEndpoint endpoint, SseBroadcaster broadcaster) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.producer = null;
    this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!req.isAsyncSupported()) {
      resp.sendError(500, "SseServlet must be registered with asyncSupported=true");
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    ServletTransport transport = new ServletTransport(async);
    Connection c =
        endpoint.streams().admit(transport, ServletTransport.snapshot(req), producer != null);
    if (c == null) {
      return;
    }
    transport.listen(c);
    SendBuffers.set(req, endpoint.streams().socketSendBuffer());
    if (producer != null) {
      endpoint.streams().start(c, producer);
    } else {
      endpoint.streams().subscribe(c, broadcaster.broadcast());
    }
  }

  /** Closes the endpoint: farewells, producers cancelled, bounded by the shutdown grace. */
  @Override
  public void destroy() {
    endpoint.close();
  }
}
