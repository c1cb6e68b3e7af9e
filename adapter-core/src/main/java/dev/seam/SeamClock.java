package dev.seam;

/**
 * The source of time and delayed actions that a seam uses for deadlines. The default is the
 * system's monotonic clock with one timer thread per seam ({@code seam-<name>-timer}); tests plug
 * in a manual clock (see {@code dev.seam.testing.ManualClock}) and fire deadlines by advancing it.
 *
 * <p>Implementations must be thread-safe. A seam never closes a clock it was given.
 *
 * @since 0.1
 */
public interface SeamClock {

  /**
   * Monotonic time in nanoseconds, with the meaning of {@link System#nanoTime()}: only differences
   * between two readings mean anything.
   *
   * @return the current reading
   */
  long nanoTime();

  /**
   * Runs {@code action} once, when {@code delayNanos} have passed on this clock. The action must be
   * short and must not block: it completes futures and hands slower work to other threads.
   *
   * @param action what to run
   * @param delayNanos delay in nanoseconds; zero or negative means as soon as possible
   * @return a handle that cancels the action if it has not run yet
   */
  Scheduled schedule(Runnable action, long delayNanos);

  /**
   * A scheduled action.
   *
   * @since 0.1
   */
  @FunctionalInterface
  interface Scheduled {
    /** Cancels the action if it has not run yet; otherwise does nothing. */
    void cancel();
  }
}
