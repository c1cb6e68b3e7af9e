package dev.seam.benchmarks;

import dev.seam.Seam;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How late a deadline fires: each operation is a call that blocks until it is interrupted, under a
 * {@value #DEADLINE_MS} ms deadline, and ends when the caller has the timeout. Sample mode records
 * every operation, so the JSON holds the percentiles; lateness is a percentile minus {@value
 * #DEADLINE_MS} ms. Four callers run at once on two worker threads, so deadlines are armed and fire
 * while the timer is busy and both cores are taken (the "under load" of the target). The raw
 * variant is the JDK's own deadline ({@code orTimeout}, its delayer thread) over a {@code
 * FutureTask}-style executor, with the same blocking call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(4)
public class FireLatenessBenchmark {
  static final int DEADLINE_MS = 5;

  private Seam seam;
  private ThreadPoolExecutor raw;

  @Setup(Level.Trial)
  public void setUp() {
    seam =
        Seam.builder("lateness")
            .maxConcurrency(4)
            .maxQueued(1000)
            .timeout(Duration.ofMillis(DEADLINE_MS))
            .slowCallWarning(Duration.ZERO)
            .captureCallSite(false)
            .propagate()
            .build();
    // No prestart: its 5 ms sleeps would time out; warm-up starts the workers.
    raw = Executors2.workers();
    raw.setMaximumPoolSize(4);
    raw.setCorePoolSize(4);
    raw.prestartAllCoreThreads();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    seam.close();
    raw.shutdownNow();
  }

  @Benchmark
  public Object seamDeadline() {
    try {
      return seam.call(FireLatenessBenchmark::blockUntilInterrupted).join();
    } catch (CompletionException expected) {
      return expected;
    }
  }

  @Benchmark
  public Object rawOrTimeout() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Future<?> work =
        raw.submit(
            () -> {
              try {
                f.complete(blockUntilInterrupted());
              } catch (InterruptedException e) {
                f.completeExceptionally(e);
              }
            });
    CompletableFuture<Integer> timed =
        f.orTimeout(DEADLINE_MS, TimeUnit.MILLISECONDS).whenComplete((v, e) -> work.cancel(true));
    try {
      return timed.join();
    } catch (CompletionException expected) {
      return expected;
    }
  }

  static Integer blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
    return 0;
  }
}
