package dev.seam.internal;

import dev.seam.ContextPropagator;
import dev.seam.SeamClock;
import dev.seam.SeamListener;
import dev.seam.ThreadMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A seam's validated, immutable settings. Not API: {@link dev.seam.SeamBuilder} and Seam's own test
 * module build these.
 *
 * @param clock null: the system clock with the seam's own timer thread
 * @param completionExecutor null: complete futures in place
 * @param workerExecutor null: the seam's own threads per {@code threadMode}; otherwise runs calls
 *     (the immediate seam of adapter-test passes a same-thread executor)
 * @param cancelExecutor null: the seam's own cancel threads; otherwise runs cancel hooks, and may
 *     run them on the thread that hands them over (the immediate seam's same-thread executor)
 * @param listeners told every step of every call; empty for none
 * @param abandonedCallWarning how long an abandoned call may stay in its worker before a WARN says
 *     so; zero for never
 */
public record SeamConfig(
    String name,
    int maxConcurrency,
    int maxQueued,
    Duration timeout,
    boolean interruptOnCancel,
    List<ContextPropagator<?>> propagators,
    boolean captureCallSite,
    Duration shutdownGrace,
    Duration queueLagWarning,
    Duration slowCallWarning,
    SeamClock clock,
    ThreadMode threadMode,
    Executor completionExecutor,
    Executor workerExecutor,
    Executor cancelExecutor,
    List<SeamListener> listeners,
    Duration abandonedCallWarning) {

  /**
   * Caps every duration at {@link Durations#FOREVER}, so no conversion to nanoseconds overflows.
   */
  public SeamConfig {
    timeout = Durations.cap(timeout);
    shutdownGrace = Durations.cap(shutdownGrace);
    queueLagWarning = Durations.cap(queueLagWarning);
    slowCallWarning = Durations.cap(slowCallWarning);
    listeners = List.copyOf(listeners);
    abandonedCallWarning = Durations.cap(abandonedCallWarning);
  }

  /** The settings without listeners, warning of abandoned calls after 10 seconds. */
  public SeamConfig(
      String name,
      int maxConcurrency,
      int maxQueued,
      Duration timeout,
      boolean interruptOnCancel,
      List<ContextPropagator<?>> propagators,
      boolean captureCallSite,
      Duration shutdownGrace,
      Duration queueLagWarning,
      Duration slowCallWarning,
      SeamClock clock,
      ThreadMode threadMode,
      Executor completionExecutor,
      Executor workerExecutor,
      Executor cancelExecutor) {
    this(
        name,
        maxConcurrency,
        maxQueued,
        timeout,
        interruptOnCancel,
        propagators,
        captureCallSite,
        shutdownGrace,
        queueLagWarning,
        slowCallWarning,
        clock,
        threadMode,
        completionExecutor,
        workerExecutor,
        cancelExecutor,
        List.of(),
        DEFAULT_ABANDONED_CALL_WARNING);
  }

  /** The default of {@link dev.seam.SeamBuilder#abandonedCallWarning}. */
  public static final Duration DEFAULT_ABANDONED_CALL_WARNING = Duration.ofSeconds(10);
}
