package dev.seam.sse.postgres;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.jdbc.ConnectionCallback;
import dev.seam.sse.SseAppendOutcomeUnknownException;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.SseEventLogException;
import dev.seam.sse.postgres.internal.Appends;
import dev.seam.sse.postgres.internal.Appends.Appended;
import dev.seam.sse.postgres.internal.Ids;
import dev.seam.sse.postgres.internal.Listener;
import dev.seam.sse.postgres.internal.Replays;
import dev.seam.sse.postgres.internal.Tables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * An {@link SseEventLog} on PostgreSQL: every replica that uses a log on the same database and
 * table prefix shares the streams, so a client resumes with its {@code Last-Event-ID} on any of
 * them, and a broadcaster's events sent on one reach the subscribers of all. For teams that run
 * PostgreSQL and no Redis.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);            // 9+ connections
 * PostgresSseEventLog log = PostgresSseEventLog.builder(pool).maxLength(10_000).build();
 * SseBroadcaster progress = SseBroadcaster.withLog("job-42", log);  // the same on every replica
 * }</pre>
 *
 * <h2>Tables and ids</h2>
 *
 * Two tables (created on first use unless {@link PostgresSseEventLogBuilder#createTables} is off):
 *
 * <pre>{@code
 * CREATE TABLE seam_sse_streams (name text PRIMARY KEY, epoch text NOT NULL,
 *   last_n bigint NOT NULL, last_at timestamptz NOT NULL, followed_at timestamptz,
 *   UNIQUE (name, epoch));
 * CREATE TABLE seam_sse_events (stream text NOT NULL, epoch text NOT NULL, n bigint NOT NULL,
 *   at timestamptz NOT NULL, event text, data text, retry_ms bigint, comment text,
 *   PRIMARY KEY (stream, epoch, n),
 *   FOREIGN KEY (stream, epoch) REFERENCES seam_sse_streams (name, epoch) ON DELETE CASCADE);
 * }</pre>
 *
 * An event's id is {@code <epoch>-<n>}: the stream's epoch, drawn when its row is created, and its
 * number, 1, 2, 3, ... in that life of the stream, taken from the stream's row in the statement
 * that inserts the event, so the order is total per stream and commits follow it. When storage
 * loses a stream (its row deleted or expired, the tables truncated), the next append draws a new
 * epoch: a client that comes back with an id of the old life gets one {@code resync}, never a
 * silent gap, however its number compares.
 *
 * <h2>Costs in PostgreSQL</h2>
 *
 * Appending is one statement (an {@code INSERT ... ON CONFLICT DO UPDATE} of the stream's row, the
 * {@code INSERT} of the event and a {@code pg_notify} of {@code <id> <stream>}, never the body),
 * plus one range {@code DELETE} every tenth of {@link PostgresSseEventLogBuilder#maxLength} events
 * of a stream; for the age limit, at most one statement per {@link
 * PostgresSseEventLogBuilder#ageTrimEvery} per stream and one sweep of idle streams per interval
 * per replica; a replica that follows streams marks them all followed in one {@code UPDATE} per
 * interval (the sweep never deletes a stream followed within the age limit, so its quiet
 * subscribers keep its epoch), and a stream's first follower on a replica marks it in the statement
 * that reads its position. Live delivery is one listener per replica: one connection that {@code
 * LISTEN}s on the log's channel, woken once per batch of notifications, and one query for all the
 * streams it follows that were notified, whatever their number of subscribers. A subscriber
 * arriving costs one query when it brings an id, and the first one of a stream on a replica one
 * more. A stream nobody watches costs its appends only. Appends to one stream are serialized by its
 * row's lock (one commit at a time); different streams append in parallel.
 *
 * <h2>Threads, deadlines and failures</h2>
 *
 * Thread-safe. Appends and reads run through {@link AsyncJdbc} on the log's own seam ({@link
 * PostgresSseEventLogBuilder#seam}, by default one named after the log), so database calls hold no
 * producer's or container's thread longer than their deadline: {@link #append} waits for its call
 * up to {@link PostgresSseEventLogBuilder#timeout}, and a call past its deadline is cancelled on
 * the server; when PostgreSQL is slow, appends queue on the seam up to its queue bound and then
 * fail at once, which is the back-pressure a producer sees. The followers run on the log's listener
 * thread, {@code seam-<name>-listener}, whose connection comes from the same data source (size the
 * pool for the seam's concurrency plus one). An append that fails after its statement may have been
 * sent (interrupted, past the deadline, connection cut) throws {@link
 * SseAppendOutcomeUnknownException}: the event may be stored; plain {@link SseEventLogException}
 * means it was not (refused before sending, or PostgreSQL answered with an error). An append is
 * never retried, so an event is never stored twice. Failures name the table and stream, never
 * connection settings or parameter values.
 *
 * <p>PostgreSQL unavailable: {@link #append} fails with {@link SseEventLogException} within its
 * deadline; subscribers get a {@code retry:} hint and come back with their ids; when PostgreSQL
 * answers again they resume where they were. An acknowledged append is committed, so it survives a
 * restart as every commit does ({@code synchronous_commit} on, the default).
 *
 * @since 0.1
 */
public final class PostgresSseEventLog implements SseEventLog, AutoCloseable {
  /** Longer names could not be indexed (a B-tree key holds at most about 2,700 bytes). */
  private static final int MAX_STREAM_BYTES = 1_000;

  private static final int NOT_SENT = 0;
  private static final int SENT = 1;
  private static final int ABANDONED = 2;

  private final String name;
  private final Tables tables;
  private final boolean createTables;
  private final Seam seam;
  private final boolean ownsSeam;
  private final AsyncJdbc jdbc;
  private final Duration timeout;
  private final Appends appends;
  private final Replays replays;
  private final Listener listener;

  PostgresSseEventLog(PostgresSseEventLogBuilder b, Seam seam, boolean ownsSeam) {
    this.name = b.name;
    this.tables = b.tables;
    this.createTables = b.createTables;
    this.seam = seam;
    this.ownsSeam = ownsSeam;
    this.jdbc = AsyncJdbc.builder(b.dataSource, seam).build();
    this.timeout = b.timeout;
    this.appends = new Appends(tables, b.maxLength, b.maxAge, b.ageTrimEvery);
    this.replays = new Replays(tables, b.replayLimit);
    this.listener =
        new Listener(
            b.name,
            b.dataSource,
            tables,
            (int) b.readBlock.toMillis(),
            (int) b.timeout.toMillis(),
            b.readBatch,
            refreshEvery(b.maxAge, b.ageTrimEvery));
  }

  /**
   * How often the listener marks its followed streams: once per sweep interval, and at least twice
   * per age limit, so one failed refresh still leaves the marks younger than the limit. With no age
   * limit on this replica the marks still run, for replicas that have one.
   */
  private static Duration refreshEvery(Duration maxAge, Duration ageTrimEvery) {
    Duration half = maxAge.dividedBy(2);
    return maxAge.isZero() || ageTrimEvery.compareTo(half) <= 0 ? ageTrimEvery : half;
  }

  /**
   * Starts a log over the user's pool (HikariCP, say), which carries the address, authentication
   * and TLS settings. Size it for the log's concurrency plus one connection for the listener.
   *
   * @param dataSource the pool, which the log does not close
   * @return the builder
   */
  public static PostgresSseEventLogBuilder builder(DataSource dataSource) {
    return new PostgresSseEventLogBuilder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The table that holds the events.
   *
   * @return its name, {@code <prefix>_events}
   */
  public String eventsTable() {
    return tables.events();
  }

  /**
   * The table that holds one row per stream: its epoch and last number.
   *
   * @return its name, {@code <prefix>_streams}
   */
  public String streamsTable() {
    return tables.streams();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks the caller up to the log's timeout (queue and connection wait included) for one
   * statement; the subscribers, on this server as on the others, get the event from their listener.
   */
  @Override
  public String append(String stream, SseEvent event) {
    Objects.requireNonNull(event, "event");
    if (Objects.requireNonNull(stream, "stream").getBytes(StandardCharsets.UTF_8).length
        > MAX_STREAM_BYTES) {
      throw new SseEventLogException(
          name,
          "SSE stream name longer than "
              + MAX_STREAM_BYTES
              + " bytes ("
              + stream.length()
              + " characters): not stored",
          null);
    }
    // Whether the statement may have been sent: once it may, a failure cannot say "not stored".
    // The caller that gives up first (interrupt) or the body that starts first wins the exchange.
    AtomicInteger stage = new AtomicInteger(NOT_SENT);
    CompletableFuture<Appended> f =
        call(
            "append to",
            stream,
            c -> {
              if (!stage.compareAndSet(NOT_SENT, SENT)) {
                throw new CancellationException("append abandoned before it was sent");
              }
              Appended a = appends.append(c, stream, event);
              appends.trim(c, stream, a);
              return a;
            });
    try {
      return f.get().id();
    } catch (ExecutionException e) {
      SseEventLogException failure = failure("append to", stream, e.getCause());
      if (stage.compareAndSet(NOT_SENT, ABANDONED) || answeredWithError(failure.getCause())) {
        throw failure; // never sent, or PostgreSQL answered with an error: not stored
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
              + "' in PostgreSQL: the event may have been stored",
          e);
    }
  }

  /**
   * Whether the server answered the statement with an error, so its transaction did not commit.
   * Connection errors (class 08) and cancels (57014: the deadline's cancel may come after the
   * commit) leave the outcome open.
   */
  private static boolean answeredWithError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        return !state.startsWith("08") && !state.equals("57014") && !state.startsWith("57P");
      }
    }
    return false;
  }

  @Override
  public CompletableFuture<Replay> readAfter(String stream, String lastEventId) {
    Objects.requireNonNull(lastEventId, "lastEventId");
    return call("replay", stream, c -> replays.after(c, stream, lastEventId));
  }

  @Override
  public CompletableFuture<Optional<SseEvent>> latest(String stream) {
    return call("read the latest event of", stream, c -> replays.latest(c, stream));
  }

  @Override
  public Following follow(String stream, Follower follower) {
    AtomicBoolean closed = new AtomicBoolean();
    CompletableFuture<Void> ready =
        call(
            "follow",
            stream,
            c -> {
              Replays.Position p = replays.position(c, stream);
              listener.add(stream, p.epoch(), p.n(), follower);
              if (closed.get()) {
                listener.remove(stream, follower); // closed while this call ran
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
        listener.remove(stream, follower);
      }
    };
  }

  @Override
  public int compareIds(String a, String b) {
    return Long.compare(number(a), number(b));
  }

  private static long number(String s) {
    Ids.Parsed id = Ids.parse(Objects.requireNonNull(s, "id"));
    if (id == null) {
      throw new IllegalArgumentException("not an id of the PostgreSQL SSE log (<epoch>-<n>): " + s);
    }
    return id.n();
  }

  /** One database call on the log's seam; a cancel or deadline cancels its statement. */
  private <T> CompletableFuture<T> call(String what, String stream, ConnectionCallback<T> body) {
    CompletableFuture<T> f =
        jdbc.withConnection(
            c -> {
              if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // each statement commits; AsyncJdbc restores the pool's
              }
              if (createTables) {
                tables.ensure(c);
              }
              return body.withConnection(c);
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
        "PostgreSQL SSE log '"
            + name
            + "' could not "
            + what
            + " stream '"
            + stream
            + "' (table "
            + tables.events()
            + ", deadline "
            + timeout.toMillis()
            + " ms): "
            + cause,
        cause);
  }

  /**
   * Stops the listener (subscribers' followers get no more events) and closes the log's own seam;
   * the data source stays open, it is the caller's.
   */
  @Override
  public void close() {
    try {
      listener.stop(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        jdbc.close();
      } finally {
        if (ownsSeam) {
          seam.close();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresSseEventLog{" + name + ", tables=" + tables.events() + "}";
  }
}
