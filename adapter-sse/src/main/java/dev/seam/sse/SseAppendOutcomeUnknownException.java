package dev.seam.sse;

/**
 * An append may have stored the event, but the log could not confirm it: the request went to the
 * log's server and then the caller was interrupted, the log's deadline passed, or the connection
 * was cut before the answer came. The event may reach subscribers and readers with an id the caller
 * never learnt; appending it again may store it twice. Compare {@link SseEventLogException} itself,
 * thrown when the event was certainly not stored (the log refused the request before sending it, or
 * its server answered with an error).
 *
 * <p>A producer that must not send an event twice carries its own key in the event's data and has
 * its clients skip one they have seen; one that must not lose an event sends it again.
 *
 * @since 0.1
 */
public class SseAppendOutcomeUnknownException extends SseEventLogException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param logName the log's name
   * @param message what failed, naming the stream, and that the event may be stored
   * @param cause the original failure, or null
   */
  public SseAppendOutcomeUnknownException(String logName, String message, Throwable cause) {
    super(logName, message, cause);
  }
}
