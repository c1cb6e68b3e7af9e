package dev.seam.jdbc;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A closed-loop load for fault tests: each caller thread runs one short query at a time and waits
 * for it, and every outcome is counted by kind (the failure's cause class and SQLState).
 */
final class OutageLoad {
  private static final String QUERY = "SELECT 1 FROM pg_sleep(0.002)";

  private final AsyncJdbc jdbc;
  private final List<Thread> callers = new ArrayList<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  OutageLoad(AsyncJdbc jdbc, int callers) {
    this.jdbc = jdbc;
    for (int i = 0; i < callers; i++) {
      Thread t = new Thread(this::loop, "outage-load-" + i);
      t.setDaemon(true);
      this.callers.add(t);
    }
  }

  void start() {
    callers.forEach(Thread::start);
  }

  /** Stops the callers after their current call and waits for them. */
  void stop() throws InterruptedException {
    stopping = true;
    for (Thread t : callers) {
      t.join(10_000);
      if (t.isAlive()) {
        throw new AssertionError("a caller is stuck in its call: " + t.getName());
      }
    }
  }

  private void loop() {
    while (!stopping) {
      long start = System.nanoTime();
      submitted.incrementAndGet();
      try {
        jdbc.queryOne(QUERY, JdbcTestBase::firstLong).join();
        succeeded.incrementAndGet();
      } catch (CompletionException e) {
        failed.incrementAndGet();
        failures.computeIfAbsent(kind(e.getCause()), k -> new AtomicLong()).incrementAndGet();
      } finally {
        maxNanos.accumulate(System.nanoTime() - start);
        completed.incrementAndGet();
      }
    }
  }

  private static String kind(Throwable t) {
    StringBuilder sb = new StringBuilder(t.getClass().getSimpleName());
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return sb.append(" ").append(sql.getSQLState()).toString();
      }
      if (c.getCause() == null) {
        sb.append(" ").append(c.getClass().getSimpleName());
      }
    }
    return sb.toString();
  }

  void awaitSucceeded(long n, Duration atMost) {
    await("calls succeeded: " + n)
        .pollInterval(Duration.ofMillis(10))
        .atMost(atMost)
        .until(() -> succeeded.get() >= n);
  }

  void awaitFailed(long n, Duration atMost) {
    await("calls failed: " + n)
        .pollInterval(Duration.ofMillis(10))
        .atMost(atMost)
        .until(() -> failed.get() >= n);
  }

  long submitted() {
    return submitted.get();
  }

  long completed() {
    return completed.get();
  }

  long succeeded() {
    return succeeded.get();
  }

  long maxLatencyMillis() {
    return maxNanos.get() / 1_000_000;
  }

  Map<String, Long> failuresByKind() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
