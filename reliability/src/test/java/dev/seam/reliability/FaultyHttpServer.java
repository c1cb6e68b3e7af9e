package dev.seam.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server whose path picks the behaviour: {@code /ok}, {@code /slow/<ms>} (answers
 * after that long), {@code /error} (500) and {@code /drop} (hangs up in the middle of the body).
 * Every response closes its connection. Counts the exchanges it is handling, for the leak check.
 */
final class FaultyHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  final AtomicInteger inProgress = new AtomicInteger();

  FaultyHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    executor = Executors.newFixedThreadPool(8, r -> daemon(r, "soak-http-server"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    inProgress.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/slow/")) {
        try {
          Thread.sleep(Long.parseLong(path.substring(6))); // the slow downstream being simulated
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        respond(exchange, 200, "slow");
      } else if (path.equals("/error")) {
        respond(exchange, 500, "broken");
      } else if (path.equals("/drop")) {
        // Promise 100 bytes, send 10, hang up: the client sees a truncated body.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(200, 100);
        exchange.getResponseBody().write(new byte[10]);
        exchange.getResponseBody().flush();
      } else {
        respond(exchange, 200, "ok");
      }
    } finally {
      inProgress.decrementAndGet();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // No keep-alive: connections the client abandoned mid-exchange would otherwise sit in the
    // server's idle list for its 30 s idle interval and read as heap growth that is not Seam's.
    exchange.getResponseHeaders().set("Connection", "close");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
