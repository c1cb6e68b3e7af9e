package dev.seam;

/**
 * Told about every step of every call on a seam: for metrics, tracing, audit logs. Register with
 * {@link SeamBuilder#listener}; the Micrometer binder of {@code seam-micrometer} is one.
 *
 * <p>Each call produces, exactly once each: {@link #queued} when it is admitted, {@link #started}
 * if a worker starts it, and one outcome: {@link #succeeded}, {@link #failed}, {@link #timedOut},
 * {@link #cancelled} (by its caller, or cut off by {@link Seam#close()}). A call refused at
 * submission produces only {@link #rejected}. A call whose future completed while its worker was
 * still in it also produces {@link #abandoned}, and {@link #abandonedReturned} once that worker
 * comes back. The outcome is the one the caller saw: when a caller's {@code cancel} races the
 * call's own result, the listener hears {@code cancelled}.
 *
 * <p>Order: an outcome is told right after the call's future completed, on the thread that
 * completed it, so a caller that has just joined the future may be ahead of its listener ({@link
 * Seam#stats()} counts an outcome before the future completes). {@code queued} is told by the
 * submitting thread after admission, so a worker may, rarely, tell {@code started} first; {@code
 * abandoned} may come before or after the outcome.
 *
 * <p>Threads: callbacks run on whichever thread made the step happen (the submitting thread, the
 * worker, the timer, the cancelling thread), never under a seam lock, and may run concurrently for
 * different calls. Keep them short and non-blocking. A callback that throws is logged (at most once
 * every 10 seconds per seam) and never changes the call or its future.
 *
 * <p>Cost: with no listener registered, a call pays nothing for this interface. With one, each step
 * allocates one small {@link SeamEvent}.
 *
 * @since 0.1
 */
public interface SeamListener {

  /**
   * The call was admitted and waits for a worker (or gets one at once).
   *
   * @param event the call
   */
  default void queued(SeamEvent event) {}

  /**
   * A worker started the call; {@link SeamEvent#queueWait()} is known.
   *
   * @param event the call
   */
  default void started(SeamEvent event) {}

  /**
   * The call returned a value in time.
   *
   * @param event the call
   */
  default void succeeded(SeamEvent event) {}

  /**
   * The call failed: it threw, a context propagator failed, or no worker could be started. {@link
   * SeamEvent#failure()} is what its future failed with.
   *
   * @param event the call
   */
  default void failed(SeamEvent event) {}

  /**
   * The call's deadline passed, queued or running.
   *
   * @param event the call
   */
  default void timedOut(SeamEvent event) {}

  /**
   * The call's holder cancelled or completed its future, or {@link Seam#close()} cut it off.
   *
   * @param event the call
   */
  default void cancelled(SeamEvent event) {}

  /**
   * The seam refused the call: full or closed.
   *
   * @param event the call
   */
  default void rejected(SeamEvent event) {}

  /**
   * The call's future completed (timeout, cancel, close) while its worker was still in it; the
   * worker holds its permit until it returns.
   *
   * @param event the call
   */
  default void abandoned(SeamEvent event) {}

  /**
   * The worker of an abandoned call returned; its permit is free again. {@link SeamEvent#runTime()}
   * is how long the worker was in the call.
   *
   * @param event the call
   */
  default void abandonedReturned(SeamEvent event) {}
}
