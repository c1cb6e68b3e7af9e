package dev.seam;

/**
 * The seam was closed: either the call arrived after {@link Seam#close()} began, or it was still
 * queued or running when the close grace period ran out.
 *
 * @since 0.1
 */
public final class SeamClosedException extends SeamException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param message the full message
   */
  public SeamClosedException(String seamName, String message) {
    super(seamName, message, null);
  }
}
