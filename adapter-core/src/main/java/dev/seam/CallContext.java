package dev.seam;

import java.time.Duration;

/**
 * What a running call knows about itself: its seam, its deadline, whether it was cancelled, and the
 * hooks that stop it.
 *
 * <p>A context belongs to one call and is handed to its {@link SeamCallable} on the worker thread.
 * {@link #onCancel} may be called from any thread (for example, from a connection wrapper that the
 * call handed to legacy code); the other methods are cheap reads that any thread may make.
 *
 * @since 0.1
 */
public interface CallContext {

  /**
   * The name of the seam running this call.
   *
   * @return the seam's name
   */
  String seamName();

  /**
   * Time left until the call's deadline, which started at submission (queue wait counts). Never
   * negative: {@link Duration#ZERO} once the deadline has passed.
   *
   * @return the time left
   */
  Duration remaining();

  /**
   * Time left until the deadline in nanoseconds; zero or negative once it has passed.
   *
   * @return nanoseconds left
   */
  long remainingNanos();

  /**
   * True once the call's future has completed from outside the call: deadline passed, {@code
   * cancel(...)} called, or the seam closed. Cooperative code polls this between steps.
   *
   * @return whether the call was abandoned by its caller
   */
  boolean isCancelled();

  /**
   * Registers an action that stops this call when it is cancelled or times out. If the call is
   * already cancelled, the hook is scheduled at once. The hook never runs on this call's worker.
   *
   * @param hook the action, for example {@code statement::cancel}
   * @return a registration; close it when the resource is released so the hook is dropped
   * @throws NullPointerException if {@code hook} is null
   */
  Registration onCancel(CancelHook hook);

  /**
   * A registered cancel hook. Closing it unregisters the hook; closing after the hook ran (or
   * closing twice) does nothing.
   *
   * @since 0.1
   */
  interface Registration extends AutoCloseable {
    /** Unregisters the hook. Never throws. */
    @Override
    void close();
  }
}
