package dev.seam.sse;

import dev.seam.SeamException;

/**
 * An {@link SseEventLog} could not store or read events: its server is unreachable or did not
 * answer within the log's deadline. The message names the log and the stream; the cause is the
 * client's own exception (or the seam's timeout or rejection).
 *
 * <p>When thrown by {@link SseBroadcaster#send} or {@link SseEventLog#append}, the event was not
 * stored: it has no id, and the caller decides whether to retry. The subclass {@link
 * SseAppendOutcomeUnknownException} says instead that it may have been stored.
 *
 * @since 0.1
 */
public class SseEventLogException extends SeamException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param logName the log's name (its seam's name, for a log that runs on one)
   * @param message what failed, naming the stream
   * @param cause the original failure, or null
   */
  public SseEventLogException(String logName, String message, Throwable cause) {
    super(logName, message, cause);
  }
}
