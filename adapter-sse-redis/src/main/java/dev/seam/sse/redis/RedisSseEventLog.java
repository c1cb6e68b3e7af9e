package dev.seam.sse.redis;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.sse.SseAppendOutcomeUnknownException;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.SseEventLogException;
import dev.seam.sse.redis.internal.Connections;
import dev.seam.sse.redis.internal.Entries;
import dev.seam.sse.redis.internal.Replays;
import dev.seam.sse.redis.internal.StreamReader;
import dev.seam.sse.redis.internal.Trimming;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An {@link SseEventLog} on Redis Streams: every replica that uses a log on the same Redis server
 * and key prefix shares the streams, so a client resumes with its {@code Last-Event-ID} on any of
 * them, and a broadcaster's events sent on one reach the subscribers of all.
 *
 * <pre>{@code
 * RedisClient redis = RedisClient.builder().hostAndPort(host, 6379).clientConfig(config).build();
 * RedisSseEventLog log = RedisSseEventLog.builder(redis).maxLength(10_000).build();
 * SseBroadcaster progress = SseBroadcaster.withLog("job-42", log);  // the same on every replica
 * }</pre>
 *
 * <h2>Costs in Redis</h2>
 *
 * The SSE id of an event is its entry id. Appending is one {@code XADD} (with {@code MAXLEN ~}),
 * plus an {@code XTRIM MINID} and a {@code PEXPIRE} at most once per {@link
 * RedisSseEventLogBuilder#ageTrimEvery} per stream. Live delivery is one {@code XREAD BLOCK} loop
 * per replica over every stream that has subscribers there, shared by all of them: a subscriber
 * costs nothing per event. A subscriber arriving costs one {@code XRANGE} when it brings an id
 * (plus an {@code XINFO STREAM} when its entry is gone), and the first one of a stream on a replica
 * one {@code XREVRANGE}. A stream nobody watches costs its appends only.
 *
 * <h2>Threads, deadlines and failures</h2>
 *
 * Thread-safe. Appends and reads run on the log's own seam ({@link RedisSseEventLogBuilder#seam},
 * by default one named after the log), so Redis calls hold no producer's or container's thread
 * longer than their deadline: {@link #append} waits for its call up to {@link
 * RedisSseEventLogBuilder#timeout}; when Redis is slow, appends queue on the seam up to its queue
 * bound and then fail at once, which is the back-pressure a producer sees. The followers run on the
 * log's reader thread, {@code seam-<name>-reader}. A connection error while appending is retried on
 * a fresh connection within the deadline; if the first attempt had reached Redis and only its
 * answer was lost, the event is stored twice (two ids). An append that fails after its {@code XADD}
 * may have been sent (interrupted, past the deadline, connection cut) throws {@link
 * SseAppendOutcomeUnknownException}: the event may be stored; plain {@link SseEventLogException}
 * means it was not. Nothing is logged with the client's settings: authentication and TLS stay in
 * the {@link RedisClient}'s configuration. The reader's {@code XREAD BLOCK} uses the client's
 * blocking socket timeout, by default none: set {@code blockingSocketTimeoutMillis} above {@link
 * RedisSseEventLogBuilder#readBlock} so that a connection cut without a reset (a network partition)
 * is noticed.
 *
 * <p>Redis unavailable: {@link #append} fails with {@link SseEventLogException} (the event has no
 * id and was not acknowledged); subscribers get a {@code retry:} hint and come back with their ids;
 * when Redis answers again they resume where they were. An event is as durable as Redis makes it:
 * run Redis with {@code appendonly yes} and {@code appendfsync always} (or replicas and {@code
 * WAIT}) if an acknowledged event must survive a Redis restart.
 *
 * @since 0.1
 */
public final class RedisSseEventLog implements SseEventLog, AutoCloseable {
  private final String name;
  private final RedisClient redis;
  private final String keyPrefix;
  private final Seam seam;
  private final boolean ownsSeam;
  private final Duration timeout;
  private final int replayLimit;
  private final Trimming trimming;
  private final StreamReader reader;

  private static final int NOT_SENT = 0;
  private static final int SENT = 1;
  private static final int ABANDONED = 2;

  RedisSseEventLog(RedisSseEventLogBuilder b, Seam seam, boolean ownsSeam) {
    this.name = b.name;
    this.redis = b.redis;
    this.keyPrefix = b.keyPrefix;
    this.seam = seam;
    this.ownsSeam = ownsSeam;
    this.timeout = b.timeout;
    this.replayLimit = b.replayLimit;
    this.trimming = new Trimming(b.maxLength, b.maxAge, b.ageTrimEvery);
    this.reader = new StreamReader(b.name, b.redis, (int) b.readBlock.toMillis(), b.readBatch);
  }

  /**
   * Starts a log over the user's Jedis client, whose configuration carries the address,
   * authentication and TLS settings. Size its pool for the log's concurrency plus one connection
   * for the reader.
   *
   * @param redis the client (a pooled {@code RedisClient}, which the log does not close)
   * @return the builder
   */
  public static RedisSseEventLogBuilder builder(RedisClient redis) {
    return new RedisSseEventLogBuilder(Objects.requireNonNull(redis, "redis"));
  }

  /**
   * The Redis key of a stream.
   *
   * @param stream the stream's name
   * @return the key prefix followed by the name
   */
  public String key(String stream) {
    return keyPrefix + stream;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks the caller up to the log's timeout (queue wait on the log's seam included) for one
   * {@code XADD}; the subscribers, on this server as on the others, get the event from the reader.
   */
  @Override
  public String append(String stream, SseEvent event) {
    Objects.requireNonNull(event, "event");
    // Whether the XADD may have been sent: once it may, a failure cannot say "not stored". The
    // caller that gives up first (interrupt) or the body that starts first wins the exchange.
    AtomicInteger stage = new AtomicInteger(NOT_SENT);
    CompletableFuture<StreamEntryID> f =
        call(
            "append to",
            stream,
            (j, call) -> {
              if (!stage.compareAndSet(NOT_SENT, SENT)) {
                throw new CancellationException("append abandoned before it was sent");
              }
              return appendRetrying(j, call, key(stream), event);
            });
    try {
      return f.get().toString();
    } catch (ExecutionException e) {
      SseEventLogException failure = failure("append to", stream, e.getCause());
      if (stage.compareAndSet(NOT_SENT, ABANDONED)
          || failure.getCause() instanceof JedisDataException) {
        throw failure; // never sent, or Redis answered with an error: not stored
      }
      throw new SseAppendOutcomeUnknownException(
          name, failure.getMessage() + "; the event may have been stored", failure.getCause());
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      if (stage.compareAndSet(NOT_SENT, ABANDONED)) {
        throw new SseEventLogException(
            name, "interrupted before appending to SSE stream '" + stream + "': not stored", e);
      }
      throw new SseAppendOutcomeUnknownException(
          name,
          "interrupted while appending to SSE stream '"
              + stream
              + "' in Redis: the event may have been stored",
          e);
    }
  }

  private StreamEntryID appendRetrying(Jedis first, CallContext call, String key, SseEvent event)
      throws InterruptedException {
    try {
      return trimming.append(first, key, event);
    } catch (JedisConnectionException e) {
      // A pooled connection that broke while idle (a Redis restart) fails its first command: try
      // fresh connections while the deadline allows, so the restart costs the producer no event.
      Connections.dropIdle(redis);
      long backoff = 20;
      while (true) {
        if (call.remaining().toMillis() <= backoff) {
          throw e;
        }
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 500);
        try (Jedis j = Connections.borrow(redis)) {
          return trimming.append(j, key, event);
        } catch (JedisConnectionException again) {
          e.addSuppressed(again);
        }
      }
    }
  }

  @Override
  public CompletableFuture<Replay> readAfter(String stream, String lastEventId) {
    Objects.requireNonNull(lastEventId, "lastEventId");
    return call(
        "replay", stream, (j, call) -> Replays.after(j, key(stream), lastEventId, replayLimit));
  }

  @Override
  public CompletableFuture<Optional<SseEvent>> latest(String stream) {
    return call(
        "read the latest event of",
        stream,
        (j, call) -> {
          List<StreamEntry> last = j.xrevrange(key(stream), "+", "-", 1);
          return last.isEmpty() ? Optional.empty() : Optional.of(Entries.event(last.get(0)));
        });
  }

  @Override
  public Following follow(String stream, Follower follower) {
    String key = key(stream);
    AtomicBoolean closed = new AtomicBoolean();
    CompletableFuture<Void> ready =
        call(
            "follow",
            stream,
            (j, call) -> {
              List<StreamEntry> last = j.xrevrange(key, "+", "-", 1);
              StreamEntryID after = last.isEmpty() ? new StreamEntryID(0, 0) : last.get(0).getID();
              long wake = reader.add(key, after, follower);
              if (closed.get()) {
                reader.remove(key, follower); // closed while this call ran: do not read for it
              } else if (wake >= 0) {
                j.clientUnblock(wake);
              }
              return null;
            });
    return new Following() {
      @Override
      public CompletableFuture<Void> ready() {
        return ready;
      }

      @Override
      public void close() {
        closed.set(true);
        reader.remove(key, follower);
      }
    };
  }

  @Override
  public int compareIds(String a, String b) {
    return id(a).compareTo(id(b));
  }

  private static StreamEntryID id(String s) {
    StreamEntryID id = Entries.parse(Objects.requireNonNull(s, "id"));
    if (id == null) {
      throw new IllegalArgumentException("not a Redis stream entry id (<ms>-<seq>): " + s);
    }
    return id;
  }

  /** One Redis call on the log's seam, with the connection cut if the call is cancelled. */
  private <T> CompletableFuture<T> call(String what, String stream, RedisCall<T> body) {
    CompletableFuture<T> f =
        seam.call(
            timeout,
            call -> {
              try (Jedis j = Connections.borrow(redis)) {
                // A cancel or deadline must not leave the worker in a socket read.
                try (CallContext.Registration r = call.onCancel(j::disconnect)) {
                  return body.run(j, call);
                }
              }
            });
    return f.exceptionallyCompose(t -> CompletableFuture.failedFuture(failure(what, stream, t)));
  }

  private SseEventLogException failure(String what, String stream, Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause instanceof SeamCallException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SseEventLogException e) {
      return e;
    }
    return new SseEventLogException(
        name,
        "Redis SSE log '"
            + name
            + "' could not "
            + what
            + " stream '"
            + stream
            + "' (key "
            + key(stream)
            + ", deadline "
            + timeout.toMillis()
            + " ms): "
            + cause,
        cause);
  }

  @FunctionalInterface
  private interface RedisCall<T> {
    T run(Jedis jedis, CallContext call) throws Exception;
  }

  /**
   * Stops the reader (subscribers' followers get no more events) and closes the log's own seam; the
   * Redis client stays open, it is the caller's.
   */
  @Override
  public void close() {
    try {
      reader.stop(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (ownsSeam) {
        seam.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RedisSseEventLog{" + name + ", prefix=" + keyPrefix + "}";
  }
}
