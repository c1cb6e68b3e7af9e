package dev.seam.sse;

/**
 * What happens when a stream's bounded buffer is full because the client reads more slowly than the
 * producer sends.
 *
 * @since 0.1
 */
public enum SseOverflow {
  /**
   * The producer's {@link SseEmitter#send} blocks until there is room, at most for the endpoint's
   * write deadline; then the stream is closed and the producer cancelled. In a {@link
   * SseBroadcaster}, which must never wait for one subscriber, it acts as {@link #DISCONNECT}.
   */
  BLOCK,
  /**
   * Conflate: a full buffer drops the queued events with the same event name as the new one (a
   * progress bar or dashboard only needs the newest value), else the oldest queued event. Never
   * blocks the producer.
   */
  LATEST_ONLY,
  /** A full buffer closes the stream at once and cancels the producer; the client reconnects. */
  DISCONNECT
}
