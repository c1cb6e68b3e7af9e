package dev.seam.sse;

import dev.seam.sse.internal.MemoryEventLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a broadcaster's events are kept, numbered and followed: the replay log behind {@link
 * SseBroadcaster#withLog}. A log holds any number of named streams; each stream's ids are assigned
 * by the log, increase with every append and are totally ordered by {@link #compareIds}, so a
 * client that reconnects with its {@code Last-Event-ID} resumes exactly where it was, on whichever
 * server shares the log.
 *
 * <p>{@link #inMemory(int)} is the default (one JVM, the last {@code n} events per stream); {@code
 * RedisSseEventLog} in {@code seam-sse-redis} keeps them in Redis Streams, and {@code
 * PostgresSseEventLog} in {@code seam-sse-postgres} in a PostgreSQL table, shared by every replica.
 *
 * <h2>Contract for implementations</h2>
 *
 * <ul>
 *   <li>{@link #append} stores the event and returns its id only once the event is stored: an id
 *       returned is an event acknowledged, which later reads and followers see.
 *   <li>A {@link Follower} receives every event appended after its {@link Following#ready()}
 *       completed, in id order, once each, from one thread at a time; it must not block.
 *   <li>{@link #readAfter} returns the events after an id, or {@link Replay#gap} when events after
 *       that id are no longer kept (or the id was never the log's). That must hold however the
 *       history was lost: trimmed, and also the stream deleted or the storage emptied and the
 *       stream written again, where a number alone could fall inside the new life's range. Ids
 *       therefore carry what tells the lives of a stream apart (an epoch drawn when the stream is
 *       created, or ids that are never reused, as Redis entry ids are).
 * </ul>
 *
 * <p>The contract is also a test suite, {@code SseEventLogContract} (test sources in {@code
 * adapter-sse/src/contract/java}), which every engine of this project runs.
 *
 * <h2>Threads and failures</h2>
 *
 * Implementations are thread-safe. {@link #append} may block the caller (a remote log waits for its
 * server, up to its own deadline) and throws {@link SseEventLogException} when the event was not
 * stored. The futures may complete on the log's own threads. A follower whose log can no longer
 * follow (the server is gone) is told once through {@link Follower#failed}, and then nothing more.
 *
 * @since 0.1
 */
public interface SseEventLog {

  /**
   * An in-memory log that keeps the last {@code capacity} events of each stream, numbered 1, 2, 3,
   * ... per stream, each number after the stream's epoch: {@code k3x9qz-1}, {@code k3x9qz-2}. The
   * epoch is drawn when the stream is created in this log, so a client that brings an id of an
   * earlier log (a process restarted, a broadcaster created again) gets one {@code resync} even
   * when the number is in range; a plain number (an id from before ids carried the epoch) is read
   * as this epoch's. Appending calls the stream's followers on the appending thread before it
   * returns. Streams are kept as long as the log is; each holds at most {@code capacity} events.
   *
   * @param capacity events kept per stream, at least 1
   * @return the log
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  static SseEventLog inMemory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay capacity < 1: " + capacity);
    }
    return new MemoryEventLog(capacity);
  }

  /**
   * Stores an event at the end of a stream and gives it the stream's next id; an id set on the
   * event is replaced.
   *
   * @param stream the stream's name
   * @param event the event
   * @return the id the event was stored under
   * @throws SseAppendOutcomeUnknownException if the event may have been stored but the log could
   *     not confirm it (a remote log's request went out, then the caller was interrupted, the
   *     deadline passed or the connection was cut)
   * @throws SseEventLogException if the event was not stored (the log is unreachable, refused the
   *     request before sending it, or answered with an error)
   */
  String append(String stream, SseEvent event);

  /**
   * The events of a stream after {@code lastEventId}, each carrying its id, or a gap when the log
   * no longer holds them all.
   *
   * @param stream the stream's name
   * @param lastEventId the last id the client has
   * @return the replay; fails with {@link SseEventLogException} if the log cannot be read
   */
  CompletableFuture<Replay> readAfter(String stream, String lastEventId);

  /**
   * The newest event of a stream, with its id: where a job resumed on another server picks up.
   *
   * @param stream the stream's name
   * @return the event, or empty when the stream holds none; fails with {@link SseEventLogException}
   *     if the log cannot be read
   */
  CompletableFuture<Optional<SseEvent>> latest(String stream);

  /**
   * Starts following a stream's new events.
   *
   * @param stream the stream's name
   * @param follower told of each new event
   * @return the handle: its {@link Following#ready()} completes once the follower will see every
   *     event appended from then on
   */
  Following follow(String stream, Follower follower);

  /**
   * Orders two ids of one stream of this log.
   *
   * @param a an id the log gave
   * @param b another
   * @return negative, zero or positive as {@code a} is older than, the same as, or newer than
   *     {@code b}
   * @throws IllegalArgumentException if either is not an id of this log
   */
  int compareIds(String a, String b);

  /**
   * Told of a stream's new events, in order, from one thread at a time.
   *
   * @since 0.1
   */
  interface Follower {
    /**
     * A new event, with its id. Must not block: the thread delivers to every follower of the log.
     *
     * @param event the event
     */
    void event(SseEvent event);

    /**
     * The log can no longer follow the stream; no more calls follow.
     *
     * @param cause why
     */
    void failed(Exception cause);
  }

  /**
   * A follower's registration.
   *
   * @since 0.1
   */
  interface Following extends AutoCloseable {
    /**
     * Completes when the follower sees every event appended from then on; fails with {@link
     * SseEventLogException} if the log could not start following.
     *
     * @return the future
     */
    CompletableFuture<Void> ready();

    /** Stops the calls to the follower; idempotent. */
    @Override
    void close();
  }

  /**
   * What a reconnecting client missed: the events after its id, or a gap.
   *
   * @since 0.1
   */
  final class Replay {
    private final List<SseEvent> events;
    private final String latestId;

    private Replay(List<SseEvent> events, String latestId) {
      this.events = events;
      this.latestId = latestId;
    }

    /**
     * The events after the client's id, oldest first, each with its id.
     *
     * @param events the events, possibly none
     * @return the replay
     */
    public static Replay events(List<SseEvent> events) {
      return new Replay(List.copyOf(events), null);
    }

    /**
     * The log no longer holds every event after the client's id (or never gave that id): the client
     * gets one {@code resync} event and continues after {@code latestId}.
     *
     * @param latestId the stream's newest id, from which the client continues
     * @return the replay
     */
    public static Replay gap(String latestId) {
      return new Replay(List.of(), Objects.requireNonNull(latestId, "latestId"));
    }

    /**
     * Whether this is a gap.
     *
     * @return true for a gap
     */
    public boolean isGap() {
      return latestId != null;
    }

    /**
     * The events, oldest first; empty for a gap.
     *
     * @return the events
     */
    public List<SseEvent> events() {
      return events;
    }

    /**
     * For a gap, the newest id; otherwise null.
     *
     * @return the id or null
     */
    public String latestId() {
      return latestId;
    }

    @Override
    public String toString() {
      return isGap() ? "Replay{gap, latest=" + latestId + "}" : "Replay{" + events.size() + "}";
    }
  }
}
