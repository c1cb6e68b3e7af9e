package dev.seam;

/**
 * A thread that must not block was about to wait for a seam's work, and {@link BlockingGuard} is in
 * {@link BlockingGuard.Mode#FAIL} mode. Thrown by the waiting method ({@code get}, {@code join},
 * {@link SeamScope#join()}, ...) on the thread that called it, before it waits; the call itself is
 * unaffected and its future completes as it would have. The stack trace is the waiting thread's: it
 * shows the line that blocked.
 *
 * @since 0.1
 */
public final class SeamBlockingException extends SeamException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param seamName the seam whose work the thread was about to wait for
   * @param message the full message: the thread, why it must not block, what it waited for
   */
  public SeamBlockingException(String seamName, String message) {
    super(seamName, message, null);
  }
}
