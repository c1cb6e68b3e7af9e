package dev.seam.benchmarks;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * What a timeout's diagnostics cost, paid only by calls that time out: the worker's stack at the
 * deadline ({@code Thread.getStackTrace()} of a thread parked about 40 frames deep, the step that
 * dominates) and a whole running timeout through a seam (deadline 1 ms, a call parked until it is
 * interrupted), message and stack included. A successful call pays none of this.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TimeoutDiagnosticsBenchmark {
  private Thread parked;
  private volatile boolean stop;
  private Seam seam;

  @Setup(Level.Trial)
  public void setUp() {
    parked = new Thread(() -> deep(40), "bench-parked");
    parked.setDaemon(true);
    parked.start();
    seam =
        Seam.builder("timeouts")
            .maxConcurrency(2)
            .timeout(Duration.ofMillis(1))
            .slowCallWarning(Duration.ZERO)
            .abandonedCallWarning(Duration.ZERO)
            .build();
  }

  private void deep(int n) {
    if (n > 0) {
      deep(n - 1);
      return;
    }
    while (!stop) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    stop = true;
    parked.join();
    seam.close();
  }

  /** The worker's stack at the deadline: what each running timeout adds as a suppressed trace. */
  @Benchmark
  public StackTraceElement[] workerStack() {
    return parked.getStackTrace();
  }

  /** A whole running timeout: the deadline fires, the message and the stack are made. */
  @Benchmark
  public Throwable runningTimeout() {
    try {
      seam.call(
              CallOptions.defaults().withDescription("parked"),
              call -> {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // the interrupt unparks it
                return 0;
              })
          .join();
      throw new AssertionError("the call did not time out");
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof SeamTimeoutException)) {
        throw e;
      }
      return e.getCause();
    }
  }
}
