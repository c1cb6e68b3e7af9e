package dev.seam.internal;

/**
 * Carries a worker thread's current stack into a log line, so a slow-call warning shows where the
 * call is blocked (a socket read, a lock) rather than where the warning was logged.
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
    super("stack of " + worker.getName() + " " + when, null, false, true);
    setStackTrace(worker.getStackTrace());
  }
}
