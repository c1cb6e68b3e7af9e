package dev.seam.benchmarks;

import dev.seam.Seam;
import dev.seam.reactor.SeamReactor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A blocking no-op behind a {@code Mono}, the way Reactor users do it today ({@code
 * fromCallable(...).subscribeOn(boundedElastic())}) against {@code SeamReactor.mono} on a seam at
 * its defaults, and the seam's own future as the floor: one caller, {@code block()} per call. Run
 * with {@code -prof gc}: bytes per call are the stable figure on a shared machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReactorBenchmark {
  private Seam seam;
  private Mono<Integer> seamMono;
  private Mono<Integer> elasticMono;

  @Setup
  public void setUp() {
    seam = Seam.builder("bench-reactor").maxConcurrency(2).build();
    seamMono = SeamReactor.mono(seam, () -> 42);
    elasticMono = Mono.fromCallable(() -> 42).subscribeOn(Schedulers.boundedElastic());
  }

  @TearDown
  public void tearDown() {
    seam.close();
  }

  /** What Reactor users write today: no deadline, no bound that rejects, no resource cancel. */
  @Benchmark
  public Integer boundedElastic() {
    return elasticMono.block();
  }

  /** The same through seam-reactor, assembled once and subscribed per call. */
  @Benchmark
  public Integer seamReactor() {
    return seamMono.block();
  }

  /** Assembled per call, as a handler that builds its Mono per request does (assembly site). */
  @Benchmark
  public Integer seamReactorAssembledPerCall() {
    return SeamReactor.mono(seam, () -> 42).block();
  }

  /** The floor: the seam's own future, joined. */
  @Benchmark
  public Integer seamFuture() {
    return seam.call(() -> 42).join();
  }
}
