package dev.seam.benchmarks.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.reactor.SeamReactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.sql.DataSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A PostgreSQL query behind a {@code Mono} with a Reactor {@code timeout(...)}, measured on the
 * server, side by side in one run: {@code Mono.fromCallable(jdbc).subscribeOn(boundedElastic())}
 * against {@code SeamReactor.defer(() -> asyncJdbc.queryOne(...))}. Each round, {@code callers}
 * subscriptions of {@code SELECT pg_sleep(sleepS)} start at once with a {@code timeoutMs} {@code
 * timeout}; the rounds alternate between the two. A watcher on its own connection polls {@code
 * pg_stat_activity} every millisecond for each query (each carries its own comment) and records how
 * long it stays there after its {@code timeout} fired. With {@code boundedElastic}, cancelling the
 * subscription interrupts the worker, which pgjdbc's socket read does not notice: the query runs to
 * its end. With seam-reactor the cancel reaches {@code Statement.cancel()}.
 *
 * <p>Reads {@code SEAM_PG_URL}, {@code SEAM_PG_USER} and {@code SEAM_PG_PASSWORD}; {@code
 * benchmarks/pg-reactor-timeout.sh} starts the server. Writes {@code
 * benchmarks/results/pg-reactor-timeout.properties}.
 */
public final class PgReactorTimeoutBenchmark {
  private PgReactorTimeoutBenchmark() {}

  /** A way to turn one SQL text into a {@code Mono} of its single value. */
  private record Variant(String name, Function<String, Mono<String>> mono) {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 5);
    int callers = Integer.getInteger("callers", 4);
    long timeoutMs = Long.getLong("timeoutMs", 200);
    int sleepS = Integer.getInteger("sleepS", 3);
    String url = env("SEAM_PG_URL");
    String user = env("SEAM_PG_USER");
    String password = env("SEAM_PG_PASSWORD");
    Path out = Path.of(System.getProperty("out", "results/pg-reactor-timeout.properties"));

    try (HikariDataSource elasticPool = pool("pg-reactor-elastic", url, user, password, callers);
        HikariDataSource seamPool = pool("pg-reactor-seam", url, user, password, callers);
        Seam seam = AsyncJdbc.seamFor("pg-reactor-seam", seamPool).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(seamPool, seam).build();
        Connection watch = DriverManager.getConnection(url, user, password)) {
      List<Variant> variants =
          List.of(
              new Variant(
                  "boundedElastic",
                  sql ->
                      Mono.fromCallable(() -> queryOne(elasticPool, sql))
                          .subscribeOn(Schedulers.boundedElastic())),
              new Variant(
                  "seamReactor",
                  sql ->
                      SeamReactor.defer(() -> jdbc.queryOne(sql, rs -> rs.getString(1)))
                          .map(value -> value.orElse(""))));
      List<List<Double>> stayed = new ArrayList<>();
      for (int v = 0; v < variants.size(); v++) {
        stayed.add(new ArrayList<>());
      }
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        for (int v = 0; v < variants.size(); v++) { // alternating, in one run
          runRound(variants.get(v), watch, callers, timeoutMs, sleepS, stayed.get(v));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      List<String> lines = new ArrayList<>();
      lines.add("# written by PgReactorTimeoutBenchmark (benchmarks/pg-reactor-timeout.sh)");
      lines.add("date=" + Instant.now());
      lines.add("jdk=" + System.getProperty("java.version"));
      lines.add("callers=" + callers);
      lines.add("rounds=" + rounds);
      lines.add("timeout_ms=" + timeoutMs);
      lines.add("query=SELECT pg_sleep(" + sleepS + ")");
      StringBuilder summary =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "pg_sleep(%d) with a %d ms Reactor timeout, %d callers x %d rounds each,"
                      + " alternating, %.1f s; in pg_stat_activity after the timeout fired:",
                  sleepS,
                  timeoutMs,
                  callers,
                  rounds,
                  seconds));
      for (int v = 0; v < variants.size(); v++) {
        String name = variants.get(v).name();
        double[] s = sorted(stayed.get(v));
        summary.append(
            String.format(
                Locale.ROOT,
                " %s p50 %.1f ms, p99 %.1f ms, max %.1f ms;",
                name,
                pct(s, 50),
                pct(s, 99),
                s[s.length - 1]));
        lines.add(String.format(Locale.ROOT, "%s_queries=%d", name, s.length));
        lines.add(String.format(Locale.ROOT, "%s_stayed_p50_ms=%.2f", name, pct(s, 50)));
        lines.add(String.format(Locale.ROOT, "%s_stayed_p99_ms=%.2f", name, pct(s, 99)));
        lines.add(String.format(Locale.ROOT, "%s_stayed_max_ms=%.2f", name, s[s.length - 1]));
      }
      System.out.println(summary);
      lines.add("summary=" + summary);
      lines.add("load_at_end=" + Files.readString(Path.of("/proc/loadavg")).trim());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, lines, StandardCharsets.UTF_8);
      System.out.println("wrote " + out);
    }
  }

  /** The blocking JDBC a {@code fromCallable} runs: no cancel hook, as users write it today. */
  private static String queryOne(DataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * One subscription per caller, at once, each with the timeout; waits until each query is gone
   * from the server and adds, per query, the time from its timeout firing to its leaving.
   */
  private static void runRound(
      Variant variant,
      Connection watch,
      int callers,
      long timeoutMs,
      int sleepS,
      List<Double> stayed)
      throws SQLException, InterruptedException {
    String tag = "seam_reactor_timeout_" + System.nanoTime() + "_";
    long[] timedOutAt = new long[callers];
    CountDownLatch ended = new CountDownLatch(callers);
    List<Throwable> unexpected = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int i = c;
      String sql = "SELECT /* " + tag + i + " */ pg_sleep(" + sleepS + ")::text";
      var unused =
          variant
              .mono()
              .apply(sql)
              .timeout(Duration.ofMillis(timeoutMs))
              .subscribe(
                  value -> {
                    synchronized (unexpected) {
                      unexpected.add(new IllegalStateException("completed: " + value));
                    }
                    ended.countDown();
                  },
                  error -> {
                    timedOutAt[i] = System.nanoTime();
                    if (!(error instanceof TimeoutException)) {
                      synchronized (unexpected) {
                        unexpected.add(error);
                      }
                    }
                    ended.countDown();
                  });
    }
    long[] goneAt = new long[callers];
    boolean[] seen = new boolean[callers];
    int left = callers;
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(sleepS + 30L);
    try (PreparedStatement active =
        watch.prepareStatement(
            "SELECT query FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?"
                + " AND pid <> pg_backend_pid()")) {
      active.setString(1, "%" + tag + "%");
      while (left > 0) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException(variant.name() + ": queries still running");
        }
        boolean[] running = new boolean[callers];
        try (ResultSet rs = active.executeQuery()) {
          while (rs.next()) {
            String q = rs.getString(1);
            int at = q.indexOf(tag) + tag.length();
            running[Integer.parseInt(q.substring(at, q.indexOf(' ', at)))] = true;
          }
        }
        long now = System.nanoTime();
        for (int c = 0; c < callers; c++) {
          seen[c] |= running[c];
          // Gone only once it was seen and its timeout fired: before, "not listed" means not
          // started.
          if (goneAt[c] == 0 && seen[c] && !running[c] && timedOutAt[c] != 0) {
            goneAt[c] = now;
            left--;
          }
        }
        Thread.sleep(1); // the poll interval of a watcher, not synchronisation
      }
    }
    if (!ended.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(variant.name() + ": a subscription never ended");
    }
    if (!unexpected.isEmpty()) {
      throw new IllegalStateException(
          variant.name() + ": not a timeout: " + unexpected.get(0), unexpected.get(0));
    }
    for (int c = 0; c < callers; c++) {
      stayed.add((goneAt[c] - timedOutAt[c]) / 1e6);
    }
  }

  private static HikariDataSource pool(
      String name, String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size); // connections open before the first round, not inside it
    return new HikariDataSource(config);
  }

  private static double[] sorted(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String env(String name) throws IOException {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IOException(name + " is not set: run benchmarks/pg-reactor-timeout.sh");
    }
    return v;
  }
}
