package dev.seam.benchmarks;

import dev.seam.Seam;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
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
 * Round trip of a trivial blocking call handed to a bounded pool of 4 threads and joined: the fixed
 * cost each approach adds. Seam does more per call (a deadline timer, context capture, a call-site
 * walk, stats) than a bare executor or Resilience4j's ThreadPoolBulkhead, which have no deadline at
 * all; this measures what that costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OverheadBenchmark {
  private ExecutorService executor;
  private ThreadPoolBulkhead bulkhead;
  private Seam seamDefaults;
  private Seam seamLean;

  @Setup(Level.Trial)
  public void setUp() {
    executor = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100));
    bulkhead =
        ThreadPoolBulkhead.of(
            "bench",
            ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(4)
                .maxThreadPoolSize(4)
                .queueCapacity(100)
                .build());
    seamDefaults = Seam.builder("defaults").maxConcurrency(4).maxQueued(100).build();
    seamLean =
        Seam.builder("lean")
            .maxConcurrency(4)
            .maxQueued(100)
            .timeout(Duration.ofSeconds(10))
            .captureCallSite(false)
            .propagate()
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    executor.shutdown();
    bulkhead.close();
    seamDefaults.close();
    seamLean.close();
  }

  @Benchmark
  public Integer plainExecutor() {
    return CompletableFuture.supplyAsync(() -> 42, executor).join();
  }

  @Benchmark
  public Integer resilience4jBulkhead() {
    return bulkhead.executeSupplier(() -> 42).toCompletableFuture().join();
  }

  @Benchmark
  public Integer seamWithDefaults() {
    return seamDefaults.call(() -> 42).join();
  }

  @Benchmark
  public Integer seamWithoutCallSiteAndContext() {
    return seamLean.call(() -> 42).join();
  }
}
