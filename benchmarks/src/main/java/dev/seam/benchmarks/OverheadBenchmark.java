package dev.seam.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.seam.Seam;
import dev.seam.SeamListener;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What each way of putting a blocking call behind a future costs per call, side by side: a no-op
 * call handed to two prestarted worker threads and joined, every variant with the same 1 second
 * deadline except the two floors that have none ({@code rawSupplyAsync}, {@code seamLean}).
 *
 * <p>The subclasses fix the mode: {@link OverheadLatencyBenchmark} (one caller, average time) and
 * {@link OverheadThroughputBenchmark} (four callers, throughput). Run with {@code -prof gc}: bytes
 * per call are the stable figure on a shared two-core machine, time is not.
 */
@State(Scope.Benchmark)
public abstract class OverheadBenchmark {
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  private ThreadPoolExecutor raw;
  private ThreadPoolExecutor guavaWorkers;
  private ThreadPoolExecutor failsafeWorkers;
  private ThreadPoolExecutor reactorWorkers;
  private ScheduledThreadPoolExecutor timer;
  private ThreadPoolBulkhead bulkhead;
  private TimeLimiter timeLimiter;
  private ListeningExecutorService guava;
  private FailsafeExecutor<Integer> failsafe;
  private Scheduler reactor;
  private Seam seamLean;
  private Seam seamDeadline;
  private Seam seamDefaults;
  private Seam seamListened;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    raw = Executors2.workers();
    timer = Executors2.timer();
    bulkhead =
        ThreadPoolBulkhead.of(
            "bench",
            ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(Executors2.WORKERS)
                .maxThreadPoolSize(Executors2.WORKERS)
                .queueCapacity(Executors2.QUEUE)
                .build());
    timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(TIMEOUT).build());
    guavaWorkers = Executors2.workers();
    guava = MoreExecutors.listeningDecorator(guavaWorkers);
    failsafeWorkers = Executors2.workers();
    Timeout<Integer> failsafeTimeout = Timeout.of(TIMEOUT);
    failsafe = Failsafe.with(failsafeTimeout).with(failsafeWorkers);
    reactorWorkers = Executors2.workers();
    reactor = Schedulers.fromExecutorService(reactorWorkers, "bench");
    seamLean = lean("lean", ChronoUnit.FOREVER.getDuration());
    seamDeadline = lean("deadline", TIMEOUT);
    seamDefaults =
        Seam.builder("defaults")
            .maxConcurrency(Executors2.WORKERS)
            .maxQueued(Executors2.QUEUE)
            .timeout(TIMEOUT)
            .build();
    seamListened =
        Seam.builder("listened")
            .maxConcurrency(Executors2.WORKERS)
            .maxQueued(Executors2.QUEUE)
            .timeout(TIMEOUT)
            .slowCallWarning(Duration.ZERO)
            .captureCallSite(false)
            .propagate()
            .listener(new SeamListener() {})
            .build();
    for (Seam seam : new Seam[] {seamLean, seamDeadline, seamDefaults, seamListened}) {
      Executors2.prestart(seam);
    }
    CompletableFuture<?>[] busy = new CompletableFuture<?>[Executors2.WORKERS * 4];
    for (int i = 0; i < busy.length; i++) {
      busy[i] = bulkhead.executeCallable(() -> Executors2.sleep(5)).toCompletableFuture();
    }
    CompletableFuture.allOf(busy).join();
    Mono.delay(Duration.ofMillis(1)).block(); // starts the parallel scheduler's timer
  }

  /**
   * A seam that carries nothing and, with {@code ChronoUnit.FOREVER}, arms no timer at all: the
   * slow-call warning is off too, since it would otherwise arm a 5 s check on every call.
   */
  static Seam lean(String name, Duration timeout) {
    return Seam.builder(name)
        .maxConcurrency(Executors2.WORKERS)
        .maxQueued(Executors2.QUEUE)
        .timeout(timeout)
        .slowCallWarning(Duration.ZERO)
        .captureCallSite(false)
        .propagate()
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    seamLean.close();
    seamDeadline.close();
    seamDefaults.close();
    seamListened.close();
    bulkhead.close();
    reactor.dispose();
    for (var pool : new ThreadPoolExecutor[] {raw, guavaWorkers, failsafeWorkers, reactorWorkers}) {
      pool.shutdown();
    }
    timer.shutdown();
  }

  /** Floor without a deadline: a future, a task, a handoff. */
  @Benchmark
  public Integer rawSupplyAsync() {
    return CompletableFuture.supplyAsync(() -> 42, raw).join();
  }

  /** Floor with a deadline: the JDK's own timer ({@code CompletableFuture.Delayer}). */
  @Benchmark
  public Integer rawOrTimeout() {
    return CompletableFuture.supplyAsync(() -> 42, raw)
        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }

  /** What a careful team writes by hand to carry a 4-key MDC to the worker and restore it. */
  @Benchmark
  public Integer rawOrTimeoutMdc(Mdc4 mdc) {
    Map<String, String> captured = MDC.getCopyOfContextMap();
    return CompletableFuture.supplyAsync(
            () -> {
              Map<String, String> previous = MDC.getCopyOfContextMap();
              MDC.setContextMap(captured);
              try {
                return 42;
              } finally {
                if (previous == null) {
                  MDC.clear();
                } else {
                  MDC.setContextMap(previous);
                }
              }
            },
            raw)
        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }

  /** Resilience4j's ThreadPoolBulkhead under a TimeLimiter; carries no context. */
  @Benchmark
  public Integer resilience4j() {
    return timeLimiter
        .executeCompletionStage(timer, () -> bulkhead.executeSupplier(() -> 42))
        .toCompletableFuture()
        .join();
  }

  /** Guava: a listening decorator of the pool, {@code Futures.withTimeout} on the shared timer. */
  @Benchmark
  public Integer guava() throws InterruptedException, ExecutionException {
    return Futures.withTimeout(guava.submit(() -> 42), TIMEOUT, timer).get();
  }

  /** Failsafe: {@code getAsync} on the pool under a Timeout policy. */
  @Benchmark
  public Integer failsafe() {
    return failsafe.getAsync(() -> 42).join();
  }

  /** Reactor: {@code fromCallable} subscribed on the pool, {@code timeout} on its own timer. */
  @Benchmark
  public Integer reactor() throws TimeoutException {
    return Mono.fromCallable(() -> 42).subscribeOn(reactor).timeout(TIMEOUT).block();
  }

  /** Seam with no timer at all, no context, no call site: the lane, the future and the stats. */
  @Benchmark
  public Integer seamLean() {
    return seamLean.call(() -> 42).join();
  }

  /** Seam with a 1 s deadline and nothing else: compare with {@code rawOrTimeout}. */
  @Benchmark
  public Integer seamDeadline() {
    return seamDeadline.call(() -> 42).join();
  }

  /** Seam as users build it (deadline, MDC and OpenTelemetry if present, call site), empty MDC. */
  @Benchmark
  public Integer seamDefaults() {
    return seamDefaults.call(() -> 42).join();
  }

  /** Seam defaults with a 4-key MDC to carry: compare with {@code rawOrTimeoutMdc}. */
  @Benchmark
  public Integer seamDefaultsMdc(Mdc4 mdc) {
    return seamDefaults.call(() -> 42).join();
  }

  /**
   * {@code seamDeadline} with one listener that does nothing: what the listener SPI costs a call
   * once something listens (one event object per step). Without a listener it costs nothing.
   */
  @Benchmark
  public Integer seamDeadlineListened() {
    return seamListened.call(() -> 42).join();
  }
}
