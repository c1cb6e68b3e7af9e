package dev.seam.internal;

/**
 * Carries a worker thread's current stack into a log line, so a slow-call warning shows where the
 * call is blocked (a socket read, a lock) rather than where the warning was logged. The stack is
 * trimmed ({@link StackFrames#trim}): Seam's own frames and the JDK's lambda and thread-pool
 * plumbing are left out, and the message says how many.
 */
final class WorkerStack extends Throwable {
  private static final long serialVersionUID = 1L;

  WorkerStack(Thread worker) {
    this(worker, "now");
  }

  /**
   * Captures {@code worker}'s stack.
   *
   * @param when when it was taken, for the message ("at the deadline")
   */
  WorkerStack(Thread worker, String when) {
    this(worker.getName(), when, worker.getStackTrace());
  }

  /** Carries {@code stack}, taken from the worker named {@code worker} {@code when}. */
  WorkerStack(String worker, String when, StackTraceElement[] stack) {
    this(worker, when, stack.length, StackFrames.trim(stack));
  }

  private WorkerStack(String worker, String when, int taken, StackTraceElement[] kept) {
    super(
        "stack of "
            + worker
            + " "
            + when
            + (kept.length < taken
                ? " (" + (taken - kept.length) + " frames of Seam and JDK plumbing left out)"
                : ""),
        null,
        false,
        true);
    setStackTrace(kept);
  }
}
