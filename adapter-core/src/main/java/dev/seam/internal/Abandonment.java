package dev.seam.internal;

import java.util.concurrent.TimeUnit;

/**
 * A call abandoned while it ran (its future completed, its worker still in it): when and why, and
 * how the log and the failures of other calls name it. Made by the {@link CallTask} that stopped
 * it; read by its abandoned-call check, its return, and the lane's oldest-abandoned lookup.
 * Thread-safe.
 */
final class Abandonment {
  /**
   * How long a call must have been abandoned before a failure it causes logs its warning (at most
   * the seam's {@code abandonedCallWarning}): a call abandoned a moment ago is likely on its way
   * back, and the warning says it ignored its hooks and interrupt.
   */
  private static final long EARLY_WARNING_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How often a failure message may take the worker's stack again (a safepoint each). */
  private static final long STACK_REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

  final long atNanos;
  final CallTask.Abort by;
  private final CallRuntime rt;
  private final String description;
  private final long submittedNanos;
  private final long timeoutNanos;
  private final long startedNanos;
  private final Thread worker;

  /** Whether its warning was logged; then its return is logged too. */
  volatile boolean warned;

  private volatile StackTraceElement[] stack; // as last taken for a failure message
  private volatile long stackAtNanos;

  Abandonment(
      CallRuntime rt,
      String description,
      long submittedNanos,
      long timeoutNanos,
      long startedNanos,
      Thread worker,
      long atNanos,
      CallTask.Abort by) {
    this.rt = rt;
    this.description = description;
    this.submittedNanos = submittedNanos;
    this.timeoutNanos = timeoutNanos;
    this.startedNanos = startedNanos;
    this.worker = worker;
    this.atNanos = atNanos;
    this.by = by;
  }

  /** Its own check fired ({@code abandonedCallWarning} after the abandonment): warn, once. */
  void check(long now) {
    warn(now, worker.getStackTrace());
  }

  /**
   * The call for the failure of a call it keeps from starting: its name, how long past its deadline
   * (or its cancel), its time in the call, its worker and the user frame it is stuck in. Logs its
   * warning now, rate limited, once it has had time to react to its cancel, so the log names it
   * when the failures start rather than only when its own check fires.
   */
  String stuckText(long now) {
    StackTraceElement[] s = stack;
    if (s == null || now - stackAtNanos >= STACK_REUSE_NANOS) {
      s = worker.getStackTrace(); // a rejection flood takes it once a second, not per call
      stackAtNanos = now;
      stack = s;
    }
    StackTraceElement frame = StackFrames.topUserFrame(s);
    String text =
        CallText.call(description)
            + ", "
            + sinceText(now)
            + " ("
            + Durations.formatNanos(now - startedNanos)
            + " in the call) on "
            + worker.getName()
            + (frame != null ? ", stuck at " + StackFrames.describe(frame) : "");
    if (now - atNanos >= Math.min(EARLY_WARNING_AFTER_NANOS, rt.abandonedWarningNanos)) {
      warn(now, s);
    }
    return text;
  }

  /** Logs the abandoned-call warning, unless it was logged already, is off or is held back. */
  private void warn(long now, StackTraceElement[] s) {
    if (warned || rt.abandonedWarningNanos <= 0 || rt.abandonedWarningNanos == Long.MAX_VALUE) {
      return;
    }
    warned =
        rt.warnings.abandonedCall(
            description, sinceText(now), now - startedNanos, worker.getName(), s);
  }

  /**
   * "2300 ms after its deadline", "120 ms after it was cancelled" or "... after the seam closed".
   */
  private String sinceText(long now) {
    long past = by == CallTask.Abort.TIMEOUT ? now - submittedNanos - timeoutNanos : now - atNanos;
    return Durations.formatNanos(Math.max(0, past))
        + (by == CallTask.Abort.TIMEOUT
            ? " after its deadline"
            : by == CallTask.Abort.CANCELLED
                ? " after it was cancelled"
                : " after the seam closed");
  }
}
