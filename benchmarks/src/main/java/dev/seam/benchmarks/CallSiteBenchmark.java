package dev.seam.benchmarks;

import dev.seam.Seam;
import dev.seam.internal.CallSite;
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
 * What capturing the submitting call site costs per call, from a stack {@code depth} frames deep (a
 * web request's is about 60): the round trip of a trivial call with capture on and off, and the
 * capture alone, which every call pays, against the decoding, which only a failing call pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallSiteBenchmark {
  @Param({"0", "10", "60"})
  public int depth;

  private Seam capturing;
  private Seam notCapturing;

  @Setup(Level.Trial)
  public void setUp() {
    capturing = seam("callsite-on", true);
    notCapturing = seam("callsite-off", false);
    Executors2.prestart(capturing);
    Executors2.prestart(notCapturing);
  }

  private static Seam seam(String name, boolean captureCallSite) {
    return Seam.builder(name)
        .maxConcurrency(Executors2.WORKERS)
        .maxQueued(Executors2.QUEUE)
        .timeout(OverheadBenchmark.TIMEOUT)
        .captureCallSite(captureCallSite)
        .propagate()
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    capturing.close();
    notCapturing.close();
  }

  @Benchmark
  public Integer roundTripCaptureOn() {
    return atDepth(depth, capturing);
  }

  @Benchmark
  public Integer roundTripCaptureOff() {
    return atDepth(depth, notCapturing);
  }

  /** What every call pays when capture is on. */
  @Benchmark
  public Object captureOnly() {
    return captureAtDepth(depth, false);
  }

  /** What only a failing call pays on top: decoding and trimming the frames. */
  @Benchmark
  public Object captureAndDecode() {
    return captureAtDepth(depth, true);
  }

  /**
   * The JDK's other way to record frames, for comparison: a {@link StackWalker} that keeps only the
   * top 8 frames (enough for a trace's user frames past Seam's own), without decoding them.
   */
  @Benchmark
  public Object walkerTop8() {
    return walkAtDepth(depth, 8);
  }

  /** The least a walk can record: the caller's class alone. */
  @Benchmark
  public Object callerClassOnly() {
    return callerClassAtDepth(depth);
  }

  private static Object walkAtDepth(int n, int frames) {
    if (n > 0) {
      return walkAtDepth(n - 1, frames);
    }
    return WALKER.walk(s -> s.limit(frames).toArray());
  }

  private static Object callerClassAtDepth(int n) {
    if (n > 0) {
      return callerClassAtDepth(n - 1);
    }
    return CLASS_WALKER.getCallerClass();
  }

  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final StackWalker CLASS_WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static Integer atDepth(int n, Seam seam) {
    if (n > 0) {
      return atDepth(n - 1, seam);
    }
    return seam.call(() -> 42).join();
  }

  private static Object captureAtDepth(int n, boolean decode) {
    if (n > 0) {
      return captureAtDepth(n - 1, decode);
    }
    CallSite site = CallSite.capture();
    return decode ? site.frames() : site;
  }
}
