package dev.seam.sse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.seam.sse.internal.ExchangeTransport;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves a {@link SseProducer} as Server-Sent Events from the JDK's {@code
 * com.sun.net.httpserver.HttpServer}:
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext("/jobs/progress", new SseHttpHandler(sse, producer));
 * server.start();
 * }</pre>
 *
 * <p>{@link #handle} returns at once and leaves the exchange open; the producer runs on the
 * endpoint's seam, writes on its writer threads. The server gives no disconnect callback, so a
 * vanished client is noticed by a failed write or keep-alive. Its exchanges offer only blocking
 * writes, so a client that stops reading holds one of the endpoint's fixed writer threads until the
 * write deadline interrupts that write (closing the socket) and ends its stream; size {@link
 * SseEndpointBuilder#writerThreads} for how many such clients may be stuck at once. For many
 * streams, prefer {@link SseServlet}, whose writes never block. Close the endpoint before {@code
 * server.stop(...)} so streams end with their farewell. Thread-safe.
 *
 * @since 0.1
 */
public final class SseHttpHandler implements HttpHandler {
  private final SseEndpoint endpoint;
  private final SseProducer producer;
  private final SseBroadcaster broadcaster;

  /**
   * Creates the handler.
   *
   * @param endpoint the endpoint streams live in
   * @param producer produces each client's stream
   */
  public SseHttpHandler(SseEndpoint endpoint, SseProducer producer) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.broadcaster = null;
  }

  /**
   * Creates a handler whose clients subscribe to a broadcaster: no producer runs per client, so a
   * client holds no seam worker (see {@link SseBroadcaster}).
   *
   * @param endpoint the endpoint streams live in
   * @param broadcaster the events every client gets
   */
  public SseHttpHandler(SseEndpoint endpoint, SseBroadcaster broadcaster) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.producer = null;
    this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET");
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    ExchangeTransport transport = new ExchangeTransport(exchange);
    if (producer != null) {
      endpoint.streams().serve(transport, ExchangeTransport.snapshot(exchange), producer);
    } else {
      endpoint
          .streams()
          .serve(transport, ExchangeTransport.snapshot(exchange), broadcaster.broadcast());
    }
  }
}
