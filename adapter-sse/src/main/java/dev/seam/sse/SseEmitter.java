package dev.seam.sse;

import dev.seam.CallContext;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Where a {@link SseProducer} sends one client's events.
 *
 * <p>Each event goes into the stream's bounded buffer and is written and flushed by a writer thread
 * of the endpoint, so a slow client slows the producer only as the stream's {@link SseOverflow}
 * policy says. Methods may be called from any thread, but events from several threads are written
 * in no particular order between them.
 *
 * <p>Once the stream is closed (client gone, write deadline passed, buffer overflow with {@link
 * SseOverflow#DISCONNECT}, endpoint shut down) every send throws {@link IOException} saying why;
 * the producer's seam call is cancelled at the same time.
 *
 * @since 0.1
 */
public interface SseEmitter {

  /**
   * Queues an event for writing.
   *
   * @param event the event
   * @throws IOException if the stream is closed, or closes while this waits for room
   * @throws java.io.InterruptedIOException if interrupted while waiting for room
   */
  void send(SseEvent event) throws IOException;

  /**
   * Starts the stream now: the client gets status 200 and the headers at once instead of with the
   * first event or keep-alive. After this, a failure can no longer become an HTTP status.
   *
   * @throws IOException if the stream is closed
   */
  void open() throws IOException;

  /**
   * Sends every item of a publisher as an event, requesting one item at a time so the buffer policy
   * applies, and returns when the publisher completes. A closed stream or an interrupt cancels the
   * subscription.
   *
   * @param publisher the items, for example a JDBC row stream
   * @param toEvent turns an item into an event
   * @param <T> the item type
   * @throws IOException if the stream closes first
   * @throws InterruptedException if the producer is cancelled meanwhile
   * @throws Exception if the publisher fails (its error, unwrapped)
   */
  <T> void stream(Flow.Publisher<T> publisher, Function<? super T, SseEvent> toEvent)
      throws Exception;

  /**
   * The request that opened the stream, including {@code Last-Event-ID}.
   *
   * @return the request
   */
  SseRequest request();

  /**
   * The producer's seam call: its deadline (the endpoint's maximum stream duration) and {@link
   * CallContext#onCancel} for hooks that stop blocking work when the client goes away.
   *
   * @return the call context
   */
  CallContext call();

  /**
   * Whether the stream still accepts events.
   *
   * @return false once closed
   */
  boolean isOpen();
}
