package dev.seam.sse.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream on a JDK {@code HttpServer} exchange, kept open after the handler returns. The exchange
 * has only a blocking output stream over a blocking channel, so each write holds a writer thread
 * until the socket takes it; an interrupt (the write deadline's) closes the channel and frees it.
 */
public final class ExchangeTransport implements Transport {
  private final HttpExchange exchange;
  private final AtomicBoolean closed = new AtomicBoolean();
  private OutputStream out;

  /**
   * Wraps an exchange.
   *
   * @param exchange the exchange
   */
  public ExchangeTransport(HttpExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Copies what a producer may read from the request.
   *
   * @param exchange the exchange
   * @return the snapshot
   */
  public static RequestSnapshot snapshot(HttpExchange exchange) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
      if (!e.getValue().isEmpty()) {
        headers.put(e.getKey(), e.getValue().get(0));
      }
    }
    java.net.InetSocketAddress from = exchange.getRemoteAddress();
    return new RequestSnapshot(
        exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(),
        headers,
        from == null ? null : from.getAddress().getHostAddress() + ":" + from.getPort());
  }

  @Override
  public void commit() throws IOException {
    exchange.getResponseHeaders().set("Content-Type", Headers.CONTENT_TYPE);
    exchange.getResponseHeaders().set("Cache-Control", Headers.CACHE_CONTROL);
    exchange.getResponseHeaders().set("X-Accel-Buffering", Headers.X_ACCEL_BUFFERING);
    exchange.sendResponseHeaders(200, 0); // 0: chunked, open-ended
    out = exchange.getResponseBody();
  }

  @Override
  public void answer(byte[] body) {
    try {
      commit();
      out.write(body);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the client is gone already; closing below is all that is left to do
    } finally {
      close();
    }
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public boolean blocks() {
    return true;
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void reject(int status, long retryAfterSeconds, String body) {
    try {
      if (retryAfterSeconds > 0) {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
      }
      if (status == 204) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      // the client is gone already; closing below is all that is left to do
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      exchange.close();
    }
  }

  @Override
  public void abort() {
    close();
  }
}
