package dev.seam.sse;

import dev.seam.sse.internal.Broadcast;
import java.io.IOException;
import java.util.Objects;

/**
 * One producer's events, watched by many clients: a job's progress open in several tabs, a
 * dashboard. Each subscriber keeps its own bounded buffer, so one slow client never holds up the
 * others or the sender.
 *
 * <pre>{@code
 * SseBroadcaster progress = SseBroadcaster.withReplay("job-42", 256);
 * SseServlet watch = new SseServlet(sse, progress);        // each client subscribes
 * jobs.call(() -> { for (...) progress.send(SseEvent.of("progress", json)); progress.close(); });
 * }</pre>
 *
 * <h2>Buffers and replay</h2>
 *
 * {@link #send} queues the event in every subscriber's buffer without waiting. Without a log, a
 * full buffer follows the endpoint's {@link SseOverflow} policy, except that {@link
 * SseOverflow#BLOCK} acts as {@link SseOverflow#DISCONNECT}: a broadcast never waits for one
 * subscriber. With a log (and any policy but {@link SseOverflow#LATEST_ONLY}), a subscriber whose
 * buffer is full stays connected and is fed from the log after the last event it was given, as its
 * writer drains: a burst never makes clients reconnect, and one that stops reading is still ended
 * by the endpoint's write deadline. With a replay log, each event gets the next id (1, 2, 3, ...;
 * an id set on the event is replaced), the last {@code n} events are kept, and a client
 * reconnecting with {@code Last-Event-ID} first receives what it missed, or, when its id is older
 * than the log holds (or unknown), one {@code resync} event whose data and id are the latest id:
 * the client should then reload its full state. The log is an {@link SseEventLog}: {@link
 * #withReplay} keeps it in memory, {@link #withLog} takes any, such as one on Redis Streams that
 * every replica shares.
 *
 * <h2>Threads</h2>
 *
 * Thread-safe; {@code send} may be called from any thread and never blocks on a client. A client
 * served with {@code new SseServlet(endpoint, broadcaster)} or {@code new SseHttpHandler(endpoint,
 * broadcaster)} is a subscriber without a producer: it costs its buffer and a slot under the
 * endpoint's {@code maxStreams}, never a seam worker or a thread, and gets status 200 and the
 * headers at once. Only the code that calls {@link #send} runs on a seam. A closed broadcaster
 * answers new subscribers 204, which tells an {@code EventSource} to stop. With a log that cannot
 * be reached, new subscribers get the endpoint's come-back-later answer and open streams end with a
 * {@code retry:} hint; the clients come back with their {@code Last-Event-ID} and miss nothing the
 * log acknowledged. {@link #join}, for a producer that does something before or after joining,
 * instead holds the producer's seam worker for as long as the client watches.
 *
 * @since 0.1
 */
public final class SseBroadcaster implements AutoCloseable {
  private final Broadcast broadcast;

  private SseBroadcaster(Broadcast broadcast) {
    this.broadcast = broadcast;
  }

  /**
   * A broadcaster without a replay log; events keep the ids they were given.
   *
   * @param name names it in messages
   * @return the broadcaster
   */
  public static SseBroadcaster create(String name) {
    return new SseBroadcaster(new Broadcast(Objects.requireNonNull(name, "name"), null));
  }

  /**
   * A broadcaster that numbers its events and keeps the last {@code capacity} for reconnecting
   * clients.
   *
   * @param name names it in messages
   * @param capacity events kept, at least 1
   * @return the broadcaster
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  public static SseBroadcaster withReplay(String name, int capacity) {
    return withLog(name, SseEventLog.inMemory(capacity));
  }

  /**
   * A broadcaster whose events are kept and numbered by a log, under the stream name {@code
   * stream}. With a log that several servers share (Redis Streams, in {@code seam-sse-redis}), a
   * broadcaster with the same stream name on each server gives its subscribers every event sent on
   * any of them, in the log's order, and a client reconnecting to any server with {@code
   * Last-Event-ID} resumes exactly. {@link #send} returns once the log has stored the event; its
   * subscribers, on this server as on the others, get it through the log's follower, which runs
   * only while this broadcaster has subscribers.
   *
   * @param stream the stream's name in the log
   * @param log keeps and numbers the events
   * @return the broadcaster
   */
  public static SseBroadcaster withLog(String stream, SseEventLog log) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(log, "log");
    if (stream.isBlank()) {
      throw new IllegalArgumentException("stream name is blank: '" + stream + "'");
    }
    return new SseBroadcaster(new Broadcast(stream, log));
  }

  Broadcast broadcast() {
    return broadcast;
  }

  /**
   * Sends an event to every subscriber now joined, without waiting for any of them.
   *
   * @param event the event
   * @return the id it was sent with (the log's id with a replay log), or null
   * @throws IllegalStateException if the broadcaster is closed
   * @throws SseAppendOutcomeUnknownException if the log may have stored the event but could not
   *     confirm it (the caller interrupted, the log's deadline passed or its connection was cut
   *     after the request went out): subscribers may receive it, and sending it again may store it
   *     twice
   * @throws SseEventLogException (itself, not the subclass above) if the log did not store the
   *     event (its server unreachable, its queue full, or an error answer): the event was not sent
   */
  public String send(SseEvent event) {
    return broadcast.send(event);
  }

  /**
   * A producer body that joins its stream to this broadcaster until the client leaves or the
   * broadcaster closes, after replaying what the client missed. Starts the stream (status 200) at
   * once. It holds the producer's seam worker all that time; unless the producer has work of its
   * own to do around it, serve the broadcaster directly ({@code new SseServlet(endpoint,
   * broadcaster)}), which holds none.
   *
   * @param emitter the stream's emitter, as given to the producer
   * @throws IOException if the stream closes while catching up
   * @throws InterruptedException if the stream is cancelled (client gone, shutdown)
   * @throws IllegalArgumentException if the emitter does not come from an {@link SseEndpoint}
   */
  public void join(SseEmitter emitter) throws IOException, InterruptedException {
    broadcast.join(emitter);
  }

  /**
   * The number of streams joined now.
   *
   * @return the count
   */
  public int subscribers() {
    return broadcast.subscribers();
  }

  /**
   * Ends every subscriber's stream cleanly after what it has queued (joined producers return);
   * later sends fail, and later subscribers get 204.
   */
  @Override
  public void close() {
    broadcast.close();
  }
}
