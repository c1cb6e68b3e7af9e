package dev.seam.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A query stopped by its deadline, measured on the database server: {@code callers} threads each
 * run the server's sleep through {@link AsyncJdbc} with a {@code deadlineMs} deadline, {@code
 * rounds} times; a watcher on its own connection polls the server's activity view every millisecond
 * for each caller's query (each carries its own comment) and records when it is gone. Lateness is
 * "gone" minus "deadline" (submission + the deadline): what "query gone ≤ 50 ms p99 after the
 * deadline" asks about. The future's failure time is recorded too. {@code PgDeadlineBenchmark} and
 * {@code MariaDbDeadlineBenchmark} describe their servers and run it.
 */
public final class DeadlineExit {
  private DeadlineExit() {}

  /**
   * One database server for the measurement.
   *
   * @param name the pool, seam and results file name, such as {@code pg-deadline}
   * @param envPrefix where the connection comes from: {@code <prefix>URL}, {@code USER}, {@code
   *     PASSWORD}
   * @param setUp what to run when those are not set
   * @param sleep the SQL of a query that runs 10 s, after {@code SELECT /* tag *}{@code /}
   * @param activeQueries the watcher's query: the text of each running query whose text is {@code
   *     LIKE ?}, never the watcher's own
   * @param activityView the view it reads, for the summary line
   * @param writer the class that wrote the results file, and who reads it
   */
  public record Server(
      String name,
      String envPrefix,
      String setUp,
      String sleep,
      String activeQueries,
      String activityView,
      String writer) {}

  /**
   * Runs the measurement against {@code server}, with the rounds, callers and deadline given as
   * system properties, and writes its properties file.
   */
  public static void run(Server server) throws Exception {
    int rounds = Integer.getInteger("rounds", 50);
    int callers = Integer.getInteger("callers", 4);
    long deadlineMs = Long.getLong("deadlineMs", 100);
    String url = env(server, "URL");
    String user = env(server, "USER");
    String password = env(server, "PASSWORD");
    Path out = Path.of(System.getProperty("out", "results/" + server.name() + ".properties"));

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(callers);
    config.setPoolName(server.name());
    try (HikariDataSource pool = new HikariDataSource(config);
        Seam seam = AsyncJdbc.seamFor(server.name(), pool).maxQueued(callers).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build();
        Connection watch = DriverManager.getConnection(url, user, password)) {
      // Warm up: connections open, statements prepared, the cancel path loaded.
      runRound(server, jdbc, watch, callers, deadlineMs, new ArrayList<>(), new ArrayList<>());
      List<Double> goneAfterDeadline = new ArrayList<>();
      List<Double> failedAfterDeadline = new ArrayList<>();
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        runRound(server, jdbc, watch, callers, deadlineMs, goneAfterDeadline, failedAfterDeadline);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] gone = sorted(goneAfterDeadline);
      double[] failed = sorted(failedAfterDeadline);
      String summary =
          String.format(
              Locale.ROOT,
              "%d queries (%d callers x %d rounds, %d ms deadline) in %.1f s: gone from"
                  + " %s after the deadline p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                  + " future failed after the deadline p50 %.2f ms, p99 %.2f ms",
              gone.length,
              callers,
              rounds,
              deadlineMs,
              seconds,
              server.activityView(),
              pct(gone, 50),
              pct(gone, 99),
              gone[gone.length - 1],
              pct(failed, 50),
              pct(failed, 99));
      System.out.println(summary);
      List<String> lines = new ArrayList<>();
      lines.add("# written by " + server.writer());
      lines.add("date=" + Instant.now());
      lines.add("jdk=" + System.getProperty("java.version"));
      lines.add("queries=" + gone.length);
      lines.add("callers=" + callers);
      lines.add("deadline_ms=" + deadlineMs);
      lines.add(String.format(Locale.ROOT, "gone_p50_ms=%.2f", pct(gone, 50)));
      lines.add(String.format(Locale.ROOT, "gone_p99_ms=%.2f", pct(gone, 99)));
      lines.add(String.format(Locale.ROOT, "gone_max_ms=%.2f", gone[gone.length - 1]));
      lines.add(String.format(Locale.ROOT, "failed_p50_ms=%.2f", pct(failed, 50)));
      lines.add(String.format(Locale.ROOT, "failed_p99_ms=%.2f", pct(failed, 99)));
      lines.add("summary=" + summary);
      lines.add("load_at_end=" + Files.readString(Path.of("/proc/loadavg")).trim());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, lines, StandardCharsets.UTF_8);
      System.out.println("wrote " + out);
    }
  }

  /** One query per caller, at once; waits until each is gone from the server. */
  private static void runRound(
      Server server,
      AsyncJdbc jdbc,
      Connection watch,
      int callers,
      long deadlineMs,
      List<Double> goneAfterDeadline,
      List<Double> failedAfterDeadline)
      throws SQLException, InterruptedException {
    long[] deadline = new long[callers];
    long[] failedAt = new long[callers];
    CountDownLatch failed = new CountDownLatch(callers);
    List<CompletableFuture<?>> calls = new ArrayList<>();
    String tag = "seam_" + server.name().replace('-', '_') + "_" + System.nanoTime() + "_";
    for (int c = 0; c < callers; c++) {
      int i = c;
      deadline[i] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
      CompletableFuture<?> f =
          jdbc.withTimeout(Duration.ofMillis(deadlineMs))
              .queryOne("SELECT /* " + tag + i + " */ " + server.sleep(), rs -> rs.getString(1));
      calls.add(
          f.whenComplete(
              (v, e) -> {
                failedAt[i] = System.nanoTime();
                failed.countDown();
              }));
    }
    long[] goneAt = new long[callers];
    int left = callers;
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (PreparedStatement active = watch.prepareStatement(server.activeQueries())) {
      active.setString(1, "%" + tag + "%");
      while (left > 0) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("queries still running 30 s after their deadline");
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
          // Seen gone only after its deadline: before it, "not listed yet" means not started.
          if (goneAt[c] == 0 && !running[c] && now >= deadline[c]) {
            goneAt[c] = now;
            left--;
          }
        }
        Thread.sleep(1); // the poll interval of a watcher, not synchronisation
      }
    }
    if (!failed.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a " + server.sleep() + " did not complete within 30 s");
    }
    int unexpected = 0;
    for (CompletableFuture<?> call : calls) {
      try {
        call.join();
        unexpected++; // a sleep that succeeded: its deadline did nothing
      } catch (CompletionException expected) {
        // the deadline's failure, as it should be
      }
    }
    if (unexpected > 0) {
      throw new IllegalStateException(
          unexpected + " " + server.sleep() + " calls did not fail at their deadline");
    }
    for (int c = 0; c < callers; c++) {
      goneAfterDeadline.add((goneAt[c] - deadline[c]) / 1e6);
      failedAfterDeadline.add((failedAt[c] - deadline[c]) / 1e6);
    }
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

  private static String env(Server server, String suffix) throws IOException {
    String name = server.envPrefix() + suffix;
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IOException(name + " is not set: " + server.setUp());
    }
    return v;
  }
}
