package dev.seam.benchmarks.sse;

import dev.seam.Seam;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.SseServlet;
import dev.seam.sse.redis.RedisSseEventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import redis.clients.jedis.RedisClient;

/**
 * Events per second and delivery latency of one broadcast stream to 1, 100 and 1,000 SSE clients,
 * through Redis Streams across two replicas (the producer on replica A, the clients split between A
 * and B) next to the in-memory log (one replica), in the same run. Real Jetty 12 servers on
 * loopback and real HTTP clients ({@code java.net.http}); the event's data is the producer's {@code
 * System.nanoTime()}, so a client measures send-to-receipt in the one JVM.
 *
 * <p>Two phases per case: a burst (as many events as {@code send} takes, one producer thread:
 * events/s appended and delivered to every client) and a paced run of five seconds at a rate the
 * clients keep up with ({@value #PACED_RATE} events/s, a tenth of that for 1,000 clients): delivery
 * latency p50/p99/max without a backlog. Run it with {@code benchmarks/sse-redis.sh}.
 */
public final class SseReplicaBenchmark {
  static final int PACED_RATE = 200;
  static final int PACED_SECONDS = 5;

  private SseReplicaBenchmark() {}

  /** One replica: a Jetty server, an endpoint and one broadcaster. */
  private static final class Replica implements AutoCloseable {
    final Seam seam = Seam.builder("bench-jobs").maxConcurrency(1).maxQueued(0).build();
    final SseEndpoint endpoint;
    final SseBroadcaster broadcaster;
    final Server server = new Server();
    final int port;

    Replica(String stream, SseEventLog log) throws Exception {
      endpoint = SseEndpoint.builder(seam).maxStreams(5_000).bufferCapacity(16_384).build();
      broadcaster = SseBroadcaster.withLog(stream, log);
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      connector.setAcceptQueueSize(2_048);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      ServletHolder holder = new ServletHolder(new SseServlet(endpoint, broadcaster));
      holder.setAsyncSupported(true);
      context.addServlet(holder, "/events");
      server.setHandler(context);
      server.start();
      port = connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      broadcaster.close();
      endpoint.close();
      server.stop();
      seam.close();
    }
  }

  /** One client: counts events and keeps each one's latency. */
  private static final class Client implements Flow.Subscriber<String> {
    final long[] latencies;
    volatile int received;
    volatile boolean failed;

    Client(int capacity) {
      latencies = new long[capacity];
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("data: ")) {
        long sent = Long.parseLong(line, 6, line.length(), 10);
        int n = received;
        if (n < latencies.length) {
          latencies[n] = System.nanoTime() - sent;
        }
        received = n + 1; // one thread per connection delivers its lines
      }
    }

    @Override
    public void onError(Throwable t) {
      failed = true;
    }

    @Override
    public void onComplete() {}

    void reset() {
      received = 0;
    }
  }

  public static void main(String[] args) throws Exception {
    URI redisUrl = URI.create(env("SEAM_REDIS_URL", "redis://127.0.0.1:6390"));
    int[] counts =
        args.length > 0
            ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 100, 1_000};
    System.out.printf(
        Locale.ROOT,
        "# SseReplicaBenchmark, %s, %d cores, JDK %s, Redis at %s%n",
        java.time.Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        redisUrl);
    System.out.println(
        "| log | subscribers | burst events | appended/s | delivered events/s (per client)"
            + " | deliveries/s (all clients) | paced events/s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : counts) {
      run("in-memory (1 replica)", n, redisUrl, false);
      run("Redis Streams (2 replicas)", n, redisUrl, true);
    }
  }

  private static void run(String label, int subscribers, URI redisUrl, boolean redis)
      throws Exception {
    int burst = subscribers >= 1_000 ? 1_000 : subscribers >= 100 ? 5_000 : 10_000;
    String stream = "bench-" + UUID.randomUUID();
    List<AutoCloseable> closing = new ArrayList<>();
    RedisClient clientA = null;
    RedisClient clientB = null;
    List<Replica> replicas = new ArrayList<>();
    try {
      if (redis) {
        clientA = RedisClient.builder().hostAndPort(redisUrl.getHost(), redisUrl.getPort()).build();
        clientB = RedisClient.builder().hostAndPort(redisUrl.getHost(), redisUrl.getPort()).build();
        RedisSseEventLog logA =
            RedisSseEventLog.builder(clientA).name("bench-a").keyPrefix("seam-bench:").build();
        RedisSseEventLog logB =
            RedisSseEventLog.builder(clientB).name("bench-b").keyPrefix("seam-bench:").build();
        closing.add(logA);
        closing.add(logB);
        replicas.add(new Replica(stream, logA));
        replicas.add(new Replica(stream, logB));
      } else {
        replicas.add(new Replica(stream, SseEventLog.inMemory(1_024)));
      }
      Replica producer = replicas.get(0);
      ExecutorService httpThreads = Executors.newCachedThreadPool();
      closing.add(httpThreads::shutdownNow);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(httpThreads)
              .build();
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        // One client only: on the other replica when there is one (the cross-replica path).
        Replica r = replicas.get((i + 1) % replicas.size());
        Client c = new Client(Math.max(burst, PACED_RATE * PACED_SECONDS));
        clients.add(c);
        HttpRequest req =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/events")).build();
        var unused = http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(c));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (replicas.stream().mapToInt(r -> r.broadcaster.subscribers()).sum() < subscribers) {
        check(deadline, "subscribers to connect");
        LockSupport.parkNanos(10_000_000);
      }
      // A subscriber counts as soon as it arrives; it is live once the log follows for its replica:
      // send until every client has had an event.
      while (clients.stream().anyMatch(c -> c.received == 0)) {
        check(deadline, "every client to be live");
        producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
        LockSupport.parkNanos(10_000_000);
      }
      // Warm-up: the same paced run, thrown away.
      int rate = subscribers >= 1_000 ? PACED_RATE / 10 : PACED_RATE;
      paced(producer, clients, rate, rate);
      // Burst: events/s.
      clients.forEach(Client::reset);
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
      }
      long sent = System.nanoTime();
      awaitAll(clients, burst);
      long delivered = System.nanoTime();
      double appendedPerSecond = burst / seconds(sent - start);
      double deliveredPerSecond = burst / seconds(delivered - start);
      // Paced: latency without a backlog.
      long[] lat = paced(producer, clients, rate * PACED_SECONDS, rate);
      Arrays.sort(lat);
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,d | %,.0f | %,.0f | %,.0f | %d | %.2f | %.2f | %.2f |%n",
          label,
          subscribers,
          burst,
          appendedPerSecond,
          deliveredPerSecond,
          deliveredPerSecond * subscribers,
          rate,
          lat[lat.length / 2] / 1e6,
          lat[(int) (lat.length * 0.99)] / 1e6,
          lat[lat.length - 1] / 1e6);
    } finally {
      for (Replica r : replicas) {
        r.close();
      }
      for (AutoCloseable c : closing) {
        c.close();
      }
      if (clientA != null) {
        try (var j = new redis.clients.jedis.Jedis(clientA.getPool().getResource())) {
          j.del("seam-bench:" + stream);
        }
        clientA.close();
      }
      if (clientB != null) {
        clientB.close();
      }
    }
  }

  private static long[] paced(Replica producer, List<Client> clients, int events, int rate) {
    clients.forEach(Client::reset);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    for (int i = 0; i < events; i++) {
      LockSupport.parkNanos(next - System.nanoTime());
      producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
      next += interval;
    }
    awaitAll(clients, events);
    long[] all = new long[events * clients.size()];
    int k = 0;
    for (Client c : clients) {
      System.arraycopy(c.latencies, 0, all, k, events);
      k += events;
    }
    return all;
  }

  private static void awaitAll(List<Client> clients, int events) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (Client c : clients) {
      while (c.received < events) {
        if (c.failed) {
          throw new IllegalStateException("a client's stream failed (buffer overflow?)");
        }
        check(deadline, "every client to receive " + events + " events");
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
