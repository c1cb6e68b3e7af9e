package dev.seam.benchmarks;

import dev.seam.Seam;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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

/**
 * A cancel that really stops the work, round trip: submit a call that blocks until interrupted,
 * wait until it runs, {@code cancel(true)} its future, and wait until the blocked code has seen the
 * interrupt. Seam's variant goes through the seam (its cancel state, hooks and the interrupt of the
 * worker); the baseline is a plain {@code FutureTask} on an executor of the same size, whose {@code
 * cancel(true)} interrupts the runner directly. Both submit, start and wake the same way, so the
 * ratio is what Seam's cancel adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CancelBenchmark {
  private Seam seam;
  private ThreadPoolExecutor raw;

  @Setup(Level.Trial)
  public void setUp() {
    seam = OverheadBenchmark.lean("cancel", ChronoUnit.FOREVER.getDuration());
    Executors2.prestart(seam);
    raw = Executors2.workers();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    seam.close();
    raw.shutdownNow();
  }

  @Benchmark
  public boolean seamCancel() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    CompletableFuture<Integer> f = seam.call(() -> blockUntilInterrupted(started, stopped));
    started.await();
    boolean cancelled = f.cancel(true);
    stopped.await();
    return cancelled && isCancelled(f);
  }

  @Benchmark
  public boolean futureTaskCancel() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Future<Integer> f = raw.submit(() -> blockUntilInterrupted(started, stopped));
    started.await();
    boolean cancelled = f.cancel(true);
    stopped.await();
    return cancelled && f.isCancelled();
  }

  private static boolean isCancelled(CompletableFuture<Integer> f) {
    try {
      f.join();
      return false;
    } catch (CancellationException expected) {
      return true;
    }
  }

  private static Integer blockUntilInterrupted(CountDownLatch started, CountDownLatch stopped) {
    started.countDown();
    try {
      new CountDownLatch(1).await();
      return 0;
    } catch (InterruptedException e) {
      stopped.countDown();
      return 1;
    }
  }
}
