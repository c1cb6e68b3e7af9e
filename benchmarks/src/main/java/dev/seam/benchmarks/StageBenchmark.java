package dev.seam.benchmarks;

import dev.seam.Propagators;
import dev.seam.Seam;
import java.util.concurrent.CompletableFuture;
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
 * What one dependent stage costs on a seam's future: {@code thenApply} on an already completed
 * future, joined. Every stage of a seam future runs in the submitter's context on whatever thread
 * runs it, so a seam that carries context pays an install and a restore per stage; one that carries
 * none pays nothing. A plain {@code CompletableFuture} is the baseline; the context here is a 4-key
 * MDC captured at submission. {@code seamFutureWithContext} adds the stage on a thread whose MDC is
 * not the captured one (empty), so the MDC is installed around the stage and then restored; {@code
 * seamFutureWithContextOnCapturingThread} adds it on the thread that submitted the call, its MDC
 * unchanged since, as a request thread does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StageBenchmark {
  private Seam contextSeam;
  private Seam bareSeam;
  private CompletableFuture<Integer> plain;
  private CompletableFuture<Integer> withContext;
  private CompletableFuture<Integer> withoutContext;

  @Setup(Level.Trial)
  public void setUp() {
    contextSeam = Seam.builder("stage-context").propagate(Propagators.mdc()).build();
    bareSeam = Seam.builder("stage-bare").propagate().build();
    plain = CompletableFuture.completedFuture(1);
    Mdc4 mdc = new Mdc4();
    mdc.fill();
    withContext = contextSeam.call(() -> 1);
    mdc.clear();
    withContext.join();
    withoutContext = bareSeam.call(() -> 1);
    withoutContext.join();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    contextSeam.close();
    bareSeam.close();
  }

  @Benchmark
  public Integer plainFuture() {
    return plain.thenApply(x -> x + 1).join();
  }

  @Benchmark
  public Integer seamFutureWithoutContext() {
    return withoutContext.thenApply(x -> x + 1).join();
  }

  @Benchmark
  public Integer seamFutureWithContext() {
    return withContext.thenApply(x -> x + 1).join();
  }

  @Benchmark
  public Integer seamFutureWithContextOnCapturingThread(CapturedHere here) {
    return here.future.thenApply(x -> x + 1).join();
  }

  /** A future submitted from the benchmark thread, whose 4-key MDC stays what was captured. */
  @State(Scope.Thread)
  public static class CapturedHere {
    CompletableFuture<Integer> future;

    @Setup(Level.Trial)
    public void submit(StageBenchmark bench, Mdc4 mdc) {
      mdc.fill(); // again: the benchmark's setUp, on this thread, clears the MDC, maybe after
      // Mdc4's
      future = bench.contextSeam.call(() -> 1);
      future.join();
    }
  }
}
