package dev.seam.internal;

/**
 * Carries a worker thread's current stack into a log line, so a slow-call warning shows where the
 * call is blocked (a socket read, a lock) rather than where the warning was logged.
 */
final class WorkerStack extends Throwable {
  private static final long serialVersionUID = 1L;

  WorkerStack(Thread worker) {
    super("stack of " + worker.getName(), null, false, true);
    setStackTrace(worker.getStackTrace());
  }
}
