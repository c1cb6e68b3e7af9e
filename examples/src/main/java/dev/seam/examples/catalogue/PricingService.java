package dev.seam.examples.catalogue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow, sometimes failing downstream: an HTTP pricing service on its own loopback port, in the
 * same process so the demo needs nothing installed. {@code GET /price/{id}} answers {@code
 * {"id":..,"priceCents":..}} after the current latency (plus or minus half, at random), or 503 at
 * the current error rate. {@link #chaos} changes both while it runs.
 *
 * <p>Thread-safe. Each request holds one of the service's own 64 threads while it waits, as a slow
 * real service would hold its sockets.
 */
public final class PricingService implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private volatile Chaos chaos;
  private final AtomicLong requests = new AtomicLong();

  private PricingService(HttpServer server, ExecutorService threads, Chaos chaos) {
    this.server = server;
    this.threads = threads;
    this.chaos = chaos;
  }

  /**
   * Starts the service on a free loopback port.
   *
   * @param initial its latency and error rate
   * @return the running service
   * @throws IOException if no port can be bound
   */
  public static PricingService start(Chaos initial) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            64,
            r -> {
              Thread t = new Thread(r, "pricing-service-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    PricingService service = new PricingService(server, threads, initial);
    server.createContext("/price/", service::answer);
    server.setExecutor(threads);
    server.start();
    return service;
  }

  /**
   * Where the service listens.
   *
   * @return its base URI, such as {@code http://127.0.0.1:40123/}
   */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
  }

  /**
   * The latency and error rate now.
   *
   * @return the settings
   */
  public Chaos chaos() {
    return chaos;
  }

  /**
   * Changes latency and error rate for the requests that arrive from now on.
   *
   * @param next the new settings
   */
  public void chaos(Chaos next) {
    this.chaos = next;
  }

  /**
   * Requests answered or failed so far.
   *
   * @return the count
   */
  public long requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      long id;
      try {
        id = Long.parseLong(path.substring("/price/".length()));
      } catch (NumberFormatException e) {
        reply(exchange, 400, "{\"error\":\"bad product id\"}");
        return;
      }
      Chaos now = chaos;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long base = now.latency().toMillis();
      long wait = base == 0 ? 0 : base / 2 + random.nextLong(base + 1);
      try {
        TimeUnit.MILLISECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // stopping: the exchange closes without an answer
      }
      if (random.nextDouble() < now.errorRate()) {
        reply(exchange, 503, "{\"error\":\"pricing overloaded\"}");
      } else {
        long cents = 999 + (id * 7_919 + random.nextInt(200)) % 20_000;
        reply(exchange, 200, "{\"id\":" + id + ",\"priceCents\":" + cents + "}");
      }
    } catch (IOException e) {
      // The caller gave up (its deadline aborted the exchange): nothing to answer.
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops at once: waiting requests are cut off, their callers see a failed exchange. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /**
   * The pricing service's behaviour.
   *
   * @param latency the mean latency of an answer
   * @param errorRate the share of requests that fail with 503, from 0 to 1
   */
  public record Chaos(Duration latency, double errorRate) {
    /** Validates, naming the bad value. */
    public Chaos {
      if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(30)) > 0) {
        throw new IllegalArgumentException("latency outside 0..30 s: " + latency);
      }
      if (!(errorRate >= 0 && errorRate <= 1)) {
        throw new IllegalArgumentException("error rate outside 0..1: " + errorRate);
      }
    }
  }
}
