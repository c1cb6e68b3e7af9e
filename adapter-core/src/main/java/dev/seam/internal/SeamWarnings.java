package dev.seam.internal;

import dev.seam.CancelHook;
import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.SeamStats;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a seam says in its log: queue lag and slow calls (each at most once every 10 seconds, so a
 * struggling downstream does not flood the log), failed cancel hooks, threads left after close. All
 * under the {@code dev.seam.Seam} logger. Thread-safe.
 */
final class SeamWarnings {
  private static final Logger LOG = LoggerFactory.getLogger(Seam.class);
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final SeamConfig config;
  private final RateLimit lag;
  private final RateLimit slow;
  private final RateLimit abandonedCalls;

  SeamWarnings(SeamConfig config, SeamClock clock) {
    this.config = config;
    this.lag = new RateLimit(clock, EVERY_NANOS);
    this.slow = new RateLimit(clock, EVERY_NANOS);
    this.abandonedCalls = new RateLimit(clock, EVERY_NANOS);
  }

  /** A call started after waiting {@code waitedNanos} in the queue. */
  void queueWait(long waitedNanos, Supplier<SeamStats> stats) {
    long threshold = config.queueLagWarning().toNanos();
    if (threshold <= 0 || waitedNanos <= threshold) {
      return;
    }
    long suppressed = lag.tryAcquire();
    if (suppressed < 0) {
      return;
    }
    SeamStats s = stats.get();
    LOG.warn(
        "seam '{}': a call waited {} in the queue (warning threshold {}); {}/{} running, {}/{}"
            + " queued, {} abandoned. The downstream is slower than the load: raise"
            + " maxConcurrency if it can take more, or shed load.{}",
        config.name(),
        Durations.formatNanos(waitedNanos),
        Durations.format(config.queueLagWarning()),
        s.running(),
        s.maxConcurrency(),
        s.queued(),
        s.maxQueued(),
        s.abandoned(),
        suppressedText(suppressed));
  }

  /** A call is still running past the slow-call threshold; shows where its worker is. */
  void slowCall(Thread worker, long runningNanos, long thresholdNanos, long timeoutNanos) {
    long suppressed = slow.tryAcquire();
    if (suppressed < 0) {
      return;
    }
    LOG.warn(
        "seam '{}': a call has been running for {} on {} (slow-call threshold {}, timeout {});{}"
            + " read the stack: a socket read is the downstream, a lock is your code (tune with"
            + " slowCallWarning, or CallOptions.withSlowCallWarning per call). Where it is now:",
        config.name(),
        Durations.formatNanos(runningNanos),
        worker.getName(),
        Durations.formatNanos(thresholdNanos),
        Durations.formatNanos(timeoutNanos),
        suppressedText(suppressed),
        new WorkerStack(worker));
  }

  /**
   * An abandoned call is still in its worker well past the moment its future completed.
   *
   * @return whether it was logged (then its return is logged too)
   */
  boolean abandonedCall(
      String description,
      String since,
      long runningNanos,
      String worker,
      StackTraceElement[] stack) {
    long suppressed = abandonedCalls.tryAcquire();
    if (suppressed < 0) {
      return false;
    }
    LOG.warn(
        "seam '{}': {} is still running on {}, {} ({} in the call); it ignored its cancel"
            + " hooks and interrupt and holds a permit until it returns.{} Give it a cancel hook"
            + " that reaches the resource, or a driver or socket timeout shorter than the"
            + " deadline. Where it is now:",
        config.name(),
        CallText.call(description),
        worker,
        since,
        Durations.formatNanos(runningNanos),
        suppressedText(suppressed),
        new WorkerStack(worker, "now", stack));
    return true;
  }

  /** The worker of an abandoned call that was warned about came back. */
  void abandonedReturned(String description, long afterAbandonNanos, long ranNanos) {
    LOG.warn(
        "seam '{}': the abandoned {} returned {} after its future completed ({} in the call); its"
            + " permit is free again, nothing to do",
        config.name(),
        CallText.call(description),
        Durations.formatNanos(afterAbandonNanos),
        Durations.formatNanos(ranNanos));
  }

  private static String suppressedText(long suppressed) {
    return suppressed > 0 ? " (" + suppressed + " more like this since the last one)" : "";
  }

  void hookFailed(CancelHook hook, Throwable t) {
    LOG.warn(
        "seam '{}': cancel hook {} failed; the other hooks still run and the call was still"
            + " cancelled. Fix the hook.",
        config.name(),
        hook,
        t);
  }

  void restoreFailed(ContextSnapshot.ContextFailure f) {
    LOG.warn(
        "seam '{}': {}; the call's outcome is not affected, the other propagators were restored."
            + " Fix the propagator.",
        config.name(),
        f.getMessage(),
        f.getCause());
  }

  void completionFailed(Executor executor, Throwable t) {
    LOG.warn(
        "seam '{}': the completeOn executor {} refused to complete a call's future; it was"
            + " completed on the seam's own thread instead. Keep that executor running as long"
            + " as the seam.",
        config.name(),
        executor,
        t);
  }

  void clockFailed(Throwable e) {
    LOG.warn(
        "seam '{}': the clock refused to schedule a call's deadline; the deadline is still checked"
            + " when the call starts and reported by remaining(). Fix the SeamClock given to the"
            + " builder.",
        config.name(),
        e);
  }

  void workersStuckAtClose(int abandoned, Object calls) {
    LOG.warn(
        "seam '{}' closed with {} worker(s) still running abandoned calls that ignored their"
            + " cancel hooks and interrupt: {}. Give such calls a cancel hook that reaches the"
            + " resource, or a driver or socket timeout shorter than the deadline.",
        config.name(),
        abandoned,
        calls);
  }

  void threadsLeftAtClose(List<Thread> left) {
    LOG.warn("seam '{}' closed but these threads are still running: {}", config.name(), left);
  }
}
