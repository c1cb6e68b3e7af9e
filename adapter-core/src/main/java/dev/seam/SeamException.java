package dev.seam;

/**
 * The root of Seam's unchecked exceptions. Each one names its seam; the ones that fail a call carry
 * the submitting call site as their stack trace (see {@link SeamBuilder#captureCallSite}), so a
 * trace shows which request path made the call, and keep the original failure as the cause.
 *
 * @since 0.1
 */
public abstract class SeamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String seamName;

  /**
   * Creates an exception.
   *
   * @param seamName the seam's name
   * @param message the full message; it should name the seam and the numbers that matter
   * @param cause the original failure, or null
   */
  protected SeamException(String seamName, String message, Throwable cause) {
    super(message, cause);
    this.seamName = seamName;
  }

  /**
   * The name of the seam this exception came from.
   *
   * @return the seam's name
   */
  public String seamName() {
    return seamName;
  }
}
