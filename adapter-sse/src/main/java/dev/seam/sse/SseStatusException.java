package dev.seam.sse;

/**
 * Thrown by a producer before its first event to answer with an HTTP status instead of a stream:
 * 404 for an unknown job, 403, or 204 to tell an {@code EventSource} not to reconnect.
 *
 * <p>After the stream has started (the first event or keep-alive has been sent) the status can no
 * longer change; the exception then ends the stream like any other failure, with a final {@code
 * seam-error} event (see {@link SseEndpointBuilder#errorEvent}).
 *
 * @since 0.1
 */
public final class SseStatusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;

  /**
   * Creates the exception.
   *
   * @param status an HTTP status from 204 to 599 other than 200
   * @param message the response body for 4xx/5xx (plain text); not sent with 204
   * @throws IllegalArgumentException if {@code status} is out of range or 200
   */
  public SseStatusException(int status, String message) {
    super("HTTP " + status + ": " + message);
    if (status < 204 || status > 599 || status == 200) {
      throw new IllegalArgumentException("status not in 204..599 or is 200: " + status);
    }
    this.status = status;
    this.body = message;
  }

  /**
   * The HTTP status to answer with.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The body text, without the status prefix.
   *
   * @return the message given to the constructor
   */
  public String body() {
    return body;
  }
}
