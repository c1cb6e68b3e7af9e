package dev.seam.benchmarks;

import dev.seam.Seam;
import dev.seam.internal.CallSite;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What capturing the submitting call site costs per call: a trivial call's round trip with capture
 * on and off, from a stack about as deep as a web request's ({@code depth} frames).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallSiteBenchmark {
  @Param({"true", "false"})
  public boolean captureCallSite;

  @Param({"10", "60"})
  public int depth;

  private Seam seam;

  @Setup(Level.Trial)
  public void setUp() {
    seam =
        Seam.builder("bench")
            .maxConcurrency(2)
            .maxQueued(1000)
            .timeout(Duration.ofSeconds(10))
            .captureCallSite(captureCallSite)
            .propagate()
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    seam.close();
  }

  @Benchmark
  public Integer roundTrip() {
    return atDepth(depth);
  }

  /** What every call pays when capture is on: recording the native backtrace. */
  @Benchmark
  public Object captureOnly() {
    return captureAtDepth(depth, false);
  }

  /** What only a failing call pays on top: decoding and trimming the frames. */
  @Benchmark
  public Object captureAndDecode() {
    return captureAtDepth(depth, true);
  }

  private Integer atDepth(int n) {
    if (n > 0) {
      return atDepth(n - 1);
    }
    return seam.call(() -> 42).join();
  }

  private Object captureAtDepth(int n, boolean decode) {
    if (n > 0) {
      return captureAtDepth(n - 1, decode);
    }
    CallSite site = CallSite.capture();
    return decode ? site.frames() : site;
  }
}
