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
   * already cancelled, the hook is scheduled at once. The hook never runs on this call's worker,
   * except after {@link Seam#close()} stopped the seam's cancel threads: then a hook registered by
   * an already cancelled call runs at once on the registering thread. Never throws, except for a
   * null hook.
   *
   * @param hook the action, for example {@code statement::cancel}
   * @return a registration; close it when the resource is released so the hook is dropped
   * @throws NullPointerException if {@code hook} is null
   */
  Registration onCancel(CancelHook hook);

  /**
   * Opens an uncancellable region around a critical section, such as a commit, that must not be cut
   * in half and whose outcome the caller must be told truthfully.
   *
   * <p>While a region is open (regions nest; the outermost one counts):
   *
   * <ul>
   *   <li>A deadline that passes is deferred: the future does not fail with a timeout yet. When the
   *       region closes, a deadline that passed meanwhile takes effect at once (the future fails,
   *       the hooks run, the worker is interrupted as configured). If the call returns while a
   *       region is still open, its result wins: the caller is never told "timed out" for work that
   *       completed.
   *   <li>A cancel by the future's holder, or the seam's close, still completes the future at once
   *       (the holder asked, and close must not wait), but the cancel hooks and the interrupt wait
   *       until the region closes, so the critical section is never cut in half.
   * </ul>
   *
   * <p>Open and close a region on the call's own worker thread. A region left open when the call
   * returns ends with the call, and that is how to cover a critical section that ends the call: a
   * try-with-resources region closes <em>before</em> the {@code return} inside it, so a deadline
   * that passed during the commit would then still fail the call. Closing a region twice does
   * nothing. A region does not bound the critical section: a commit that hangs holds the call (and
   * its permit) until it returns, so keep regions short.
   *
   * <pre>{@code
   * try (CallContext.Region step = call.uncancellable()) {
   *   moveFiles();                        // the deadline waits for this, then applies
   * }
   * call.uncancellable();                 // the last step: left open, it ends with the call
   * connection.commit();
   * return result;
   * }</pre>
   *
   * @return the open region; close it to end the region
   * @since 0.1
   */
  Region uncancellable();

  /**
   * Marks the time this call spends waiting for a resource, such as a connection from a pool, so
   * that failure messages, {@link SeamStats#resourceWait()} and listeners tell it apart from time
   * spent running. A deadline that passes while the call waits says so ("timed out waiting for a
   * pool connection"), so nobody hunts for a slow query that never ran. The JDBC adapter does this
   * around {@code DataSource.getConnection()}. Use it on the call's worker thread; waits do not
   * nest.
   *
   * <pre>{@code
   * Connection c;
   * try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
   *   c = dataSource.getConnection();
   * }
   * }</pre>
   *
   * @param resource what the call waits for, as a message should name it
   * @return the wait; close it when the resource is had (or the wait failed)
   * @since 0.1
   */
  default Waiting waitingFor(String resource) {
    return Waiting.NONE;
  }

  /**
   * A wait for a resource; see {@link #waitingFor}.
   *
   * @since 0.1
   */
  interface Waiting extends AutoCloseable {
    /** A wait that records nothing, for contexts that do not measure waits. */
    Waiting NONE = () -> {};

    /** Ends the wait. Never throws; closing twice does nothing. */
    @Override
    void close();
  }

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

  /**
   * An open uncancellable region; see {@link #uncancellable()}.
   *
   * @since 0.1
   */
  interface Region extends AutoCloseable {
    /** Ends the region; a deadline deferred by it takes effect now. Never throws. */
    @Override
    void close();
  }
}
