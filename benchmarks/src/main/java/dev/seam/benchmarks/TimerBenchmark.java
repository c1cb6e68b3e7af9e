package dev.seam.benchmarks;

import dev.seam.Seam;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a deadline costs when it never fires, the common case: {@value #CALLS} calls submitted at
 * once (so that many timers are armed together) and joined, each finishing long before its 1 s
 * deadline, which is then cancelled. Each variant runs with and without a deadline (the Seam one
 * without also has its slow-call warning off, so it arms no timer at all); the difference is the
 * timer's cost. The raw variants use the JDK's {@code ScheduledThreadPoolExecutor} (through {@code
 * orTimeout}); {@code stpeArmThenCancel} is that executor alone, without calls. Figures are per
 * call ({@code @OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TimerBenchmark.CALLS)
public class TimerBenchmark {
  static final int CALLS = 1000;

  private ThreadPoolExecutor raw;
  private ScheduledThreadPoolExecutor timer;
  private Seam withDeadline;
  private Seam withoutDeadline;
  private final CompletableFuture<?>[] calls = new CompletableFuture<?>[CALLS];
  private final ScheduledFuture<?>[] timers = new ScheduledFuture<?>[CALLS];

  @Setup(Level.Trial)
  public void setUp() {
    raw = Executors2.workers();
    timer = Executors2.timer();
    withDeadline = OverheadBenchmark.lean("timer-1s", OverheadBenchmark.TIMEOUT);
    withoutDeadline = OverheadBenchmark.lean("timer-none", ChronoUnit.FOREVER.getDuration());
    Executors2.prestart(withDeadline);
    Executors2.prestart(withoutDeadline);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withDeadline.close();
    withoutDeadline.close();
    raw.shutdown();
    timer.shutdown();
  }

  @Benchmark
  public Object seamWithDeadline() {
    for (int i = 0; i < CALLS; i++) {
      calls[i] = withDeadline.call(() -> 42);
    }
    return CompletableFuture.allOf(calls).join();
  }

  @Benchmark
  public Object seamWithoutDeadline() {
    for (int i = 0; i < CALLS; i++) {
      calls[i] = withoutDeadline.call(() -> 42);
    }
    return CompletableFuture.allOf(calls).join();
  }

  @Benchmark
  public Object rawWithDeadline() {
    for (int i = 0; i < CALLS; i++) {
      calls[i] =
          CompletableFuture.supplyAsync(() -> 42, raw)
              .orTimeout(OverheadBenchmark.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    return CompletableFuture.allOf(calls).join();
  }

  @Benchmark
  public Object rawWithoutDeadline() {
    for (int i = 0; i < CALLS; i++) {
      calls[i] = CompletableFuture.supplyAsync(() -> 42, raw);
    }
    return CompletableFuture.allOf(calls).join();
  }

  /** The timer alone: arm {@value #CALLS} 1 s tasks, then cancel them all. */
  @Benchmark
  public Object stpeArmThenCancel() {
    for (int i = 0; i < CALLS; i++) {
      timers[i] = timer.schedule(() -> {}, 1, TimeUnit.SECONDS);
    }
    boolean all = true;
    for (ScheduledFuture<?> f : timers) {
      all &= f.cancel(false);
    }
    return all;
  }
}
