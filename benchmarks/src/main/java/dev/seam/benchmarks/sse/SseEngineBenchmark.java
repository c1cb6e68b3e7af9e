package dev.seam.benchmarks.sse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.postgres.PostgresSseEventLog;
import dev.seam.sse.redis.RedisSseEventLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Redis Streams and PostgreSQL as SSE event logs, in one run: events per second one publisher
 * appends to one stream (each {@code append} waits for its acknowledgement), and what each event
 * costs the server: commands (Redis, from {@code INFO commandstats}, so run it on a Redis of its
 * own) or statements (PostgreSQL, counted where the logs send them) per event, for the appending
 * replica and for one other replica that follows the stream. Run it with {@code
 * benchmarks/sse-engines.sh}.
 */
public final class SseEngineBenchmark {
  private SseEngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    URI redisUrl = URI.create(env("SEAM_REDIS_URL", "redis://127.0.0.1:6391"));
    String pgUrl = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
    System.out.println(
        "| engine | events | appends/s (one publisher) | server calls per event, appending"
            + " replica | per event, following replica |");
    System.out.println("|---|---|---|---|---|");
    redis(redisUrl, events);
    postgres(pgUrl, events);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static void redis(URI url, int events) throws Exception {
    String prefix = "seam-bench:" + UUID.randomUUID() + ":";
    try (RedisClient a = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build();
        RedisClient b = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build();
        RedisSseEventLog appender = RedisSseEventLog.builder(a).keyPrefix(prefix).build();
        RedisSseEventLog follower = RedisSseEventLog.builder(b).keyPrefix(prefix).build();
        Jedis admin = new Jedis(url.getHost(), url.getPort())) {
      warmUp(appender, events);
      admin.configResetStat();
      Result r = measure(appender, follower, events);
      Map<String, Long> calls = commandCalls(admin);
      long xadd = calls.getOrDefault("xadd", 0L);
      long xread = calls.getOrDefault("xread", 0L);
      long all = calls.values().stream().mapToLong(Long::longValue).sum() - 1; // this INFO
      row(
          "Redis "
              + admin
                  .info("server")
                  .lines()
                  .filter(l -> l.startsWith("redis_version"))
                  .findFirst()
                  .orElse(""),
          events,
          r,
          String.format(
              Locale.ROOT,
              "%.3f (XADD %.3f)",
              (all - xread) / (double) events,
              xadd / (double) events),
          String.format(Locale.ROOT, "%.3f (XREAD)", xread / (double) events));
      admin.eval(
          "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end",
          0,
          prefix + "*");
    }
  }

  private static void postgres(String url, int events) throws Exception {
    String prefix = "seam_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Counter onA = new Counter();
    Counter onB = new Counter();
    try (HikariDataSource a = pool(url);
        HikariDataSource b = pool(url);
        PostgresSseEventLog appender =
            PostgresSseEventLog.builder(onA.view(a)).tablePrefix(prefix).build();
        PostgresSseEventLog follower =
            PostgresSseEventLog.builder(onB.view(b)).tablePrefix(prefix).build()) {
      try {
        warmUp(appender, events);
        onA.reset();
        onB.reset();
        Result r = measure(appender, follower, events);
        String version;
        try (Connection c = a.getConnection()) {
          version = "PostgreSQL " + c.getMetaData().getDatabaseProductVersion();
        }
        row(
            version,
            events,
            r,
            String.format(Locale.ROOT, "%.3f", onA.total() / (double) events),
            String.format(Locale.ROOT, "%.3f", onB.total() / (double) events));
      } finally {
        try (Connection c = a.getConnection();
            Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + prefix + "_events");
          s.execute("DROP TABLE IF EXISTS " + prefix + "_streams");
        }
      }
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(env("SEAM_PG_USER", "seam"));
    config.setPassword(env("SEAM_PG_PASSWORD", "seam"));
    config.setMaximumPoolSize(10);
    return new HikariDataSource(config);
  }

  private record Result(double perSecond) {}

  private static void warmUp(SseEventLog log, int events) {
    for (int i = 0; i < Math.max(200, events / 5); i++) {
      log.append("warm-up", SseEvent.of("progress", "{\"step\":" + i + "}"));
    }
  }

  /** One publisher appends to a stream the other replica follows; returns once all arrived. */
  private static Result measure(SseEventLog appender, SseEventLog follower, int events)
      throws Exception {
    CountDownLatch all = new CountDownLatch(events);
    try (SseEventLog.Following f =
        follower.follow(
            "job",
            new SseEventLog.Follower() {
              @Override
              public void event(SseEvent event) {
                all.countDown();
              }

              @Override
              public void failed(Exception cause) {
                System.err.println("follower failed: " + cause);
              }
            })) {
      f.ready().get(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        appender.append("job", SseEvent.of("progress", "{\"step\":" + i + "}"));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!all.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(all.getCount() + " events never reached the follower");
      }
      return new Result(events / seconds);
    }
  }

  private static void row(String engine, int events, Result r, String appending, String following) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %,.0f | %s | %s |%n",
        engine,
        events,
        r.perSecond(),
        appending,
        following);
  }

  private static Map<String, Long> commandCalls(Jedis admin) {
    Map<String, Long> calls = new java.util.TreeMap<>();
    for (String line : admin.info("commandstats").lines().toList()) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String rest = line.substring(line.indexOf("calls=") + "calls=".length());
        calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
      }
    }
    return calls;
  }

  /** Counts the statements prepared or created on a data source's connections. */
  private static final class Counter {
    private final LongAdder statements = new LongAdder();

    DataSource view(DataSource ds) {
      return (DataSource)
          Proxy.newProxyInstance(
              Counter.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, m, args) -> {
                Object r = invoke(ds, m, args);
                return r instanceof Connection c ? counting(c) : r;
              });
    }

    private Connection counting(Connection c) {
      return (Connection)
          Proxy.newProxyInstance(
              Counter.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, m, args) -> {
                if (m.getName().equals("prepareStatement")
                    || m.getName().equals("createStatement")) {
                  statements.increment();
                }
                return invoke(c, m, args);
              });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    long total() {
      return statements.sum();
    }

    void reset() {
      statements.reset();
    }
  }
}
