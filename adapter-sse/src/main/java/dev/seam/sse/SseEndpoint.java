package dev.seam.sse;

import dev.seam.Seam;
import dev.seam.internal.LiveSeamResources;
import dev.seam.sse.internal.Streams;

/**
 * Where Server-Sent-Event streams live: the seam their producers run on, the per-stream buffer and
 * keep-alive settings, the open-stream caps, and shutdown. Put it on a server with {@link
 * SseServlet} or {@link SseHttpHandler}; several of those may share one endpoint.
 *
 * <pre>{@code
 * SseEndpoint sse = SseEndpoint.builder(jobsSeam)
 *     .keepAlive(Duration.ofSeconds(15))
 *     .bufferCapacity(64).overflow(SseOverflow.LATEST_ONLY)
 *     .maxStreams(50)                      // at most the seam's maxConcurrency
 *     .farewell(SseEvent.comment("restarting").retry(Duration.ofSeconds(5)))
 *     .build();
 * }</pre>
 *
 * <h2>Lifecycle of a stream</h2>
 *
 * A request is admitted, or refused as {@link SseEndpointBuilder#refusal} says (by default a 200
 * stream with a {@code retry:} hint that then ends, so that browsers come back) beyond the caps or
 * while every seam worker is held by a stream; then its producer is submitted to the seam. A
 * producer still waiting in the seam's queue (behind other work on a shared seam) after one
 * keep-alive interval is refused the same way. Status 200 and the headers go out with the first
 * event, the first keep-alive, or {@link SseEmitter#open()}; until then a producer failure becomes
 * an HTTP status. Producer return ends the stream cleanly; a producer failure after the start sends
 * the {@code seam-error} event and ends it (and after {@link SseEndpointBuilder#stopAfterFailures
 * several} in a row the client's reconnect gets 204, which stops it); the seam call's deadline (the
 * stream timeout) ends it cleanly and the client reconnects with its last id. A client that goes
 * away is noticed by a failed write or keep-alive (two flushed writes, so within one interval), or
 * by a write that waits past the write deadline; the producer is then cancelled (hooks, interrupt)
 * and its permit freed once it returns. A client that stops reading, or vanished without a FIN or
 * reset, accepts writes into the socket buffers until they are full; then the waiting write (an
 * event or a keep-alive, whether or not the producer is idle) passes the write deadline and ends
 * the stream. Keep-alives alone are a few bytes an interval and take days to fill those buffers: an
 * idle stream to a vanished host ends when TCP gives up retransmitting a keep-alive, and one to a
 * client that never reads only at the stream timeout (see {@link
 * SseEndpointBuilder#writeDeadline}).
 *
 * <p>A subscriber of a {@link SseBroadcaster} served with {@code new SseServlet(endpoint,
 * broadcaster)} is admitted under the same caps but runs no producer: it holds no seam worker, gets
 * status 200 at once, and ends when the client leaves, the broadcaster closes or the endpoint shuts
 * down.
 *
 * <h2>Threads</h2>
 *
 * Producers run on the seam's workers: one per stream with a producer, the price of blocking code
 * (virtual threads make it cheap on Java 21+). Nothing else costs a thread per stream. Writes run
 * on a fixed number of writer threads shared by all the endpoint's streams ({@code
 * seam-sse-<name>-writer-<n>}, see {@link SseEndpointBuilder#writerThreads}), one stream's writes
 * in order and on one thread at a time. On a Servlet container they never block: a stream whose
 * client is not reading waits for the container's {@code WriteListener} callback, holding no
 * thread. On the JDK {@code HttpServer}, which has only blocking writes, each write holds its
 * writer until the socket takes it or the write deadline interrupts it. Keep-alives and deadlines
 * of every stream run on the endpoint's one timer thread ({@code seam-sse-<name>-timer}) or the
 * configured clock. Thread-safe.
 *
 * @since 0.1
 */
public final class SseEndpoint implements AutoCloseable {
  private final Streams streams;

  SseEndpoint(Streams streams, String name) {
    this.streams = streams;
    // So that SeamLeakCheck finds streams a test left open; the counter holds streams, not this.
    LiveSeamResources.track(this, "streams of SSE endpoint '" + name + "'", streams::openStreams);
  }

  /**
   * Starts building an endpoint whose producers run on {@code seam}.
   *
   * @param seam runs the producers; the endpoint never closes it
   * @return a builder with the defaults listed on its methods
   */
  public static SseEndpointBuilder builder(Seam seam) {
    return new SseEndpointBuilder(seam);
  }

  Streams streams() {
    return streams;
  }

  /**
   * The number of streams open now (admitted and not yet ended).
   *
   * @return the count
   */
  public int openStreams() {
    return streams.openStreams();
  }

  /**
   * Whether {@link #close()} has begun.
   *
   * @return true once closing
   */
  public boolean isClosed() {
    return streams.isClosed();
  }

  /**
   * Shuts down gracefully: new requests, and streams that have sent nothing yet, are refused as
   * {@link SseEndpointBuilder#refusal} says; every open stream gets the farewell event (if
   * configured) after what it has queued, and its producer is cancelled; streams that have not
   * finished writing after the shutdown grace are aborted; then the endpoint's threads stop. Blocks
   * for at most about the grace. Idempotent. Does not close the seam.
   */
  @Override
  public void close() {
    try {
      streams.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
