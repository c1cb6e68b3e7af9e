package dev.seam.benchmarks;

import dev.seam.BlockingGuard;
import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import io.micrometer.context.ContextRegistry;
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
 * What the blocking guard and the context-registry propagator cost where they run. The guard: a
 * {@code join()} of a completed seam future with the guard off (one volatile read more than a plain
 * future) and on (plus {@code isDone}), and the rule check a wait on an unfinished future pays when
 * the guard is on. The registry propagator: one capture, install and restore, as each call pays it
 * on the submitting and the worker thread, with nothing registered and with one accessor. The MDC
 * propagator with a 4-key MDC: capture, install and restore on the capturing thread, its MDC
 * unchanged (what a stage added on the submitting thread pays), and the install and restore alone
 * of a map captured elsewhere on a thread with an empty MDC (what a worker pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextAndGuardBenchmark {
  private static final String KEY = "bench.tenant";
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  private Seam seam;
  private CompletableFuture<Integer> plain;
  private CompletableFuture<Integer> seamFuture;
  private ContextPropagator<Object> registry;
  private ContextPropagator<Object> mdc;
  private Object capturedElsewhere;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() throws InterruptedException {
    seam = Seam.builder("guard-bench").propagate().build();
    plain = CompletableFuture.completedFuture(1);
    seamFuture = seam.call(() -> 1);
    seamFuture.join();
    registry = (ContextPropagator<Object>) Propagators.contextRegistry();
    mdc = (ContextPropagator<Object>) Propagators.mdc();
    // Captured on a thread of its own, so this thread's MDC (Mdc4's, for some methods) is
    // untouched.
    Thread elsewhere =
        new Thread(
            () -> {
              Mdc4 four = new Mdc4();
              four.fill();
              capturedElsewhere = mdc.capture();
              four.clear();
            });
    elsewhere.start();
    elsewhere.join();
    TENANT.set("acme");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    BlockingGuard.off();
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    TENANT.remove();
    seam.close();
  }

  /** Guard state per benchmark method. */
  @State(Scope.Benchmark)
  public static class GuardOn {
    @Setup(Level.Trial)
    public void on() {
      BlockingGuard.warn();
    }

    @TearDown(Level.Trial)
    public void off() {
      BlockingGuard.off();
    }
  }

  /** One accessor registered for the benchmark's duration. */
  @State(Scope.Benchmark)
  public static class OneAccessor {
    @Setup(Level.Trial)
    public void register() {
      ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, TENANT);
    }

    @TearDown(Level.Trial)
    public void remove() {
      ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }
  }

  @Benchmark
  public Integer joinPlainFuture() {
    return plain.join();
  }

  @Benchmark
  public Integer joinSeamFutureGuardOff() {
    return seamFuture.join();
  }

  @Benchmark
  public Integer joinSeamFutureGuardOn(GuardOn on) {
    return seamFuture.join();
  }

  @Benchmark
  public boolean guardRulesOnAThreadThatMayBlock() {
    return BlockingGuard.mustNotBlock();
  }

  @Benchmark
  public Object registryCaptureInstallRestoreEmpty() {
    return carry();
  }

  @Benchmark
  public Object registryCaptureInstallRestoreOneAccessor(OneAccessor one) {
    return carry();
  }

  @Benchmark
  public Object mdcCaptureInstallRestoreOnTheCapturingThread(Mdc4 four) {
    return carry(mdc);
  }

  @Benchmark
  public Object mdcInstallRestoreOfAMapCapturedElsewhere() {
    ContextPropagator.Scope scope = mdc.install(capturedElsewhere);
    scope.close();
    return scope;
  }

  private Object carry() {
    return carry(registry);
  }

  private static Object carry(ContextPropagator<Object> propagator) {
    Object captured = propagator.capture();
    ContextPropagator.Scope scope = propagator.install(captured);
    scope.close();
    return captured;
  }
}
