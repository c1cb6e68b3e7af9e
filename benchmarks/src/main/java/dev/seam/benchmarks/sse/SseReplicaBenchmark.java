package dev.seam.benchmarks.sse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.SseServlet;
import dev.seam.sse.postgres.PostgresSseEventLog;
import dev.seam.sse.redis.RedisSseEventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Delivery latency and events per second of one broadcast stream to SSE clients on three replicas,
 * through Redis Streams and through PostgreSQL, next to the in-memory log (one replica: it does not
 * cross replicas), in the same run. The producer sends on replica A and the clients watch on B and
 * C (alternately), so every event takes the cross-replica path: appended by A, read by B's and C's
 * logs. Real Jetty 12 servers on loopback and real HTTP clients ({@code java.net.http}); the
 * event's data is the producer's {@code System.nanoTime()} taken right before {@code send}, so a
 * client measures send-to-receipt in the one JVM, the append included.
 *
 * <p>Per engine and number of clients: a burst (as many events as {@code send} takes, one producer
 * thread: events/s appended, and delivered to every client), then paced runs at 100 and 1,000
 * events/s (five and three seconds; one producer thread, so an engine whose one-stream append rate
 * is below the target shows it in the achieved rate): delivery latency p50/p99/max. A paced run
 * whose deliveries per second (rate times clients) exceed {@code SEAM_BENCH_MAX_DELIVERIES}
 * (default 100,000: what two cores delivered paced in earlier runs, clients included) runs with
 * fewer clients, the others disconnected, and the output says so. Run it with {@code
 * benchmarks/sse-replicas.sh}; {@code SEAM_BENCH_ENGINES} picks the engines (default {@code
 * memory,redis,postgres}).
 */
public final class SseReplicaBenchmark {
  static final int[] RATES = {100, 1_000};
  static final int WARM_UP_RATE = 100;

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
    volatile Flow.Subscription subscription;
    volatile int received;
    volatile boolean failed;

    Client(int capacity) {
      latencies = new long[capacity];
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
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

    /** Disconnects (the body's subscription cancelled closes the connection). */
    void leave() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }

  /** The logs of one engine, one per replica, and how to clean up after them. */
  private interface Engine extends AutoCloseable {
    String label();

    /** The logs: one per replica, the producer's first. */
    List<SseEventLog> logs();

    /** Removes what the run stored. */
    void clean(String stream) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    URI redisUrl = URI.create(env("SEAM_REDIS_URL", "redis://127.0.0.1:6391"));
    String pgUrl = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
    List<String> engines =
        Arrays.asList(env("SEAM_BENCH_ENGINES", "memory,redis,postgres").split(","));
    int maxDeliveries = Integer.parseInt(env("SEAM_BENCH_MAX_DELIVERIES", "100000"));
    int[] counts =
        args.length > 0
            ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 100, 1_000};
    System.out.printf(
        Locale.ROOT,
        "# SseReplicaBenchmark, %s, %d cores, JDK %s, engines %s; Redis at %s, PostgreSQL at %s;"
            + " at most %,d deliveries/s per paced run%n",
        java.time.Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        engines,
        redisUrl,
        pgUrl,
        maxDeliveries);
    List<String> burstRows = new ArrayList<>();
    List<String> pacedRows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int n : counts) {
      for (String e : engines) {
        try (Engine engine = engine(e.trim(), redisUrl, pgUrl)) {
          System.err.printf(Locale.ROOT, "running %s with %d clients%n", engine.label(), n);
          run(engine, n, maxDeliveries, burstRows, pacedRows, notes);
        }
      }
    }
    System.out.println();
    System.out.println(
        "| log | replicas | clients | target events/s | clients measured | achieved events/s"
            + " | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    pacedRows.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "| log | replicas | clients | burst events | appended/s | delivered events/s (per client)"
            + " | deliveries/s (all clients) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    burstRows.forEach(System.out::println);
    if (!notes.isEmpty()) {
      System.out.println();
      notes.forEach(s -> System.out.println("- " + s));
    }
  }

  private static Engine engine(String name, URI redisUrl, String pgUrl) {
    return switch (name) {
      case "memory" -> memory();
      case "redis" -> redis(redisUrl);
      case "postgres" -> postgres(pgUrl);
      default ->
          throw new IllegalArgumentException(
              "SEAM_BENCH_ENGINES: unknown engine '" + name + "' (memory, redis, postgres)");
    };
  }

  private static Engine memory() {
    SseEventLog memory = SseEventLog.inMemory(4_096);
    return new Engine() {
      @Override
      public String label() {
        return "in-memory";
      }

      @Override
      public List<SseEventLog> logs() {
        return List.of(memory);
      }

      @Override
      public void clean(String stream) {}

      @Override
      public void close() {}
    };
  }

  private static Engine redis(URI url) {
    List<RedisClient> clients = new ArrayList<>();
    List<SseEventLog> logs = new ArrayList<>();
    for (String r : List.of("a", "b", "c")) {
      RedisClient client = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build();
      clients.add(client);
      logs.add(
          RedisSseEventLog.builder(client).name("bench-" + r).keyPrefix("seam-bench:").build());
    }
    return new Engine() {
      @Override
      public String label() {
        return "Redis Streams";
      }

      @Override
      public List<SseEventLog> logs() {
        return logs;
      }

      @Override
      public void clean(String stream) {
        try (Jedis j = new Jedis(url.getHost(), url.getPort())) {
          j.del("seam-bench:" + stream);
        }
      }

      @Override
      public void close() throws Exception {
        for (SseEventLog log : logs) {
          ((AutoCloseable) log).close();
        }
        clients.forEach(RedisClient::close);
      }
    };
  }

  private static Engine postgres(String url) {
    // Tables of this run only, dropped when it ends.
    String prefix = "seam_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    List<HikariDataSource> pools = new ArrayList<>();
    List<SseEventLog> logs = new ArrayList<>();
    for (String r : List.of("a", "b", "c")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(env("SEAM_PG_USER", "seam"));
      config.setPassword(env("SEAM_PG_PASSWORD", "seam"));
      config.setMaximumPoolSize(10); // the log's seam (8) and its listener
      config.setPoolName("bench-" + r);
      HikariDataSource pool = new HikariDataSource(config);
      pools.add(pool);
      logs.add(PostgresSseEventLog.builder(pool).name("bench-" + r).tablePrefix(prefix).build());
    }
    return new Engine() {
      @Override
      public String label() {
        return "PostgreSQL";
      }

      @Override
      public List<SseEventLog> logs() {
        return logs;
      }

      @Override
      public void clean(String stream) {}

      @Override
      public void close() throws Exception {
        try {
          for (SseEventLog log : logs) {
            ((AutoCloseable) log).close();
          }
          try (Connection c = pools.get(0).getConnection();
              Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + prefix + "_events");
            s.execute("DROP TABLE IF EXISTS " + prefix + "_streams");
          }
        } finally {
          pools.forEach(HikariDataSource::close);
        }
      }
    };
  }

  private static void run(
      Engine engine,
      int subscribers,
      int maxDeliveries,
      List<String> burstRows,
      List<String> pacedRows,
      List<String> notes)
      throws Exception {
    int burst = subscribers >= 1_000 ? 500 : 2_000;
    String stream = "bench-" + UUID.randomUUID();
    List<Replica> replicas = new ArrayList<>();
    ExecutorService httpThreads = Executors.newCachedThreadPool();
    try {
      for (SseEventLog log : engine.logs()) {
        replicas.add(new Replica(stream, log));
      }
      Replica producer = replicas.get(0);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(httpThreads)
              .build();
      List<Client> clients = new ArrayList<>();
      int capacity = Math.max(burst, RATES[RATES.length - 1] * seconds(RATES[RATES.length - 1]));
      for (int i = 0; i < subscribers; i++) {
        // On B and C when there are three replicas (the cross-replica path), else on the one.
        Replica r = replicas.size() == 1 ? producer : replicas.get(1 + i % (replicas.size() - 1));
        Client c = new Client(capacity);
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
      String label = engine.label();
      int replicaCount = replicas.size();
      // Warm-up: a paced second, thrown away.
      paced(producer, clients, WARM_UP_RATE, WARM_UP_RATE);
      // Burst: events/s.
      clients.forEach(Client::reset);
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
      }
      long sent = System.nanoTime();
      awaitAll(clients, burst);
      long delivered = System.nanoTime();
      double deliveredPerSecond = burst / ((delivered - start) / 1e9);
      burstRows.add(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,d | %,d | %,.0f | %,.0f | %,.0f |",
              label,
              replicaCount,
              subscribers,
              burst,
              burst / ((sent - start) / 1e9),
              deliveredPerSecond,
              deliveredPerSecond * subscribers));
      // Paced: latency without a backlog, at each rate.
      List<Client> measured = clients;
      for (int rate : RATES) {
        int allowed = Math.max(1, maxDeliveries / rate);
        if (measured.size() > allowed) {
          String note =
              String.format(
                  Locale.ROOT,
                  "%s, %,d clients at %,d events/s: %,d deliveries/s is more than this machine"
                      + " delivers (limit %,d); measured with %,d clients, the others"
                      + " disconnected",
                  label,
                  subscribers,
                  rate,
                  (long) subscribers * rate,
                  maxDeliveries,
                  allowed);
          if (!notes.contains(note)) {
            notes.add(note);
          }
          for (Client c : measured.subList(allowed, measured.size())) {
            c.leave();
          }
          measured = new ArrayList<>(measured.subList(0, allowed));
          awaitSubscribers(replicas, measured, allowed);
        }
        int events = rate * seconds(rate);
        long[] sending = new long[1];
        long[] lat = paced(producer, measured, events, rate, sending);
        Arrays.sort(lat);
        pacedRows.add(
            String.format(
                Locale.ROOT,
                "| %s | %d | %,d | %,d | %,d | %,.0f | %.2f | %.2f | %.2f |",
                label,
                replicaCount,
                subscribers,
                rate,
                measured.size(),
                events / (sending[0] / 1e9),
                lat[lat.length / 2] / 1e6,
                lat[(int) (lat.length * 0.99)] / 1e6,
                lat[lat.length - 1] / 1e6));
      }
    } finally {
      for (Replica r : replicas) {
        r.close();
      }
      httpThreads.shutdownNow();
      engine.clean(stream);
    }
  }

  /** Five seconds at 100 events/s, three at 1,000: enough events for a p99, a short run. */
  private static int seconds(int rate) {
    return rate >= 1_000 ? 3 : 5;
  }

  /**
   * Waits until the streams of disconnected clients have ended on the servers (they end when a
   * write fails, so events are sent meanwhile), up to ten seconds; then goes on regardless.
   */
  private static void awaitSubscribers(List<Replica> replicas, List<Client> staying, int at) {
    staying.forEach(Client::reset);
    int sent = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Replica producer = replicas.get(0);
    do {
      producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
      sent++;
      LockSupport.parkNanos(20_000_000);
    } while (replicas.stream().mapToInt(r -> r.broadcaster.subscribers()).sum() > at
        && System.nanoTime() < deadline);
    awaitAll(staying, sent); // none of these still in flight when the paced run counts
  }

  private static long[] paced(Replica producer, List<Client> clients, int events, int rate) {
    return paced(producer, clients, events, rate, new long[1]);
  }

  /** Sends {@code events} at {@code rate}; {@code sending[0]} gets how long the sends took. */
  private static long[] paced(
      Replica producer, List<Client> clients, int events, int rate, long[] sending) {
    clients.forEach(Client::reset);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long next = start;
    for (int i = 0; i < events; i++) {
      LockSupport.parkNanos(next - System.nanoTime());
      producer.broadcaster.send(SseEvent.of(Long.toString(System.nanoTime())));
      next += interval;
    }
    // The last interval counts as well: at the target rate this is events / rate.
    sending[0] = Math.max(System.nanoTime(), next) - start;
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

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
