package dev.seam.sse;

/**
 * Ordinary blocking code that produces one client's stream of events.
 *
 * <pre>{@code
 * SseProducer progress = emitter -> {
 *   for (int n = 1; n <= 100; n++) {
 *     job.step(n);                                              // blocking work
 *     emitter.send(SseEvent.of("progress", "{\"pct\":" + n + "}").id(n));
 *   }
 * };
 * }</pre>
 *
 * <p>Runs on a worker of the endpoint's seam, once per connection; returning ends the stream
 * cleanly. When the client goes away, the write deadline passes, or the endpoint shuts down, the
 * call is cancelled: its cancel hooks ({@code emitter.call().onCancel(...)}) run and its thread is
 * interrupted, and {@link SseEmitter#send} throws {@link java.io.IOException}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SseProducer {
  /**
   * Produces the stream.
   *
   * @param emitter where events go; valid until this method returns
   * @throws Exception before the first event: the client gets an HTTP status ({@link
   *     SseStatusException}'s, else 500); after it: a final {@code seam-error} event, then the
   *     stream closes
   */
  void produce(SseEmitter emitter) throws Exception;
}
