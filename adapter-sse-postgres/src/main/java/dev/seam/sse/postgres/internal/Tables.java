package dev.seam.sse.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The log's two tables, its {@code NOTIFY} channel and every statement it runs on them.
 *
 * <p>{@code <prefix>_streams} holds one row per stream: its name, its epoch (drawn when the row is
 * created), its last number, when it was last appended to and when a replica last said it follows
 * the stream (the idle sweep keeps a stream that either touched within the age limit). {@code
 * <prefix>_events} holds the events, keyed by stream, epoch and number, and refers to its stream's
 * row with {@code ON DELETE CASCADE}: a stream's row deleted (or both tables truncated) takes its
 * history with it, and the next append draws a new epoch, so an id of the old life can never be
 * read as one of the new.
 *
 * <p>Numbers come from the stream's row, incremented in the statement that inserts the event: the
 * row lock it takes is held until the commit, so a stream's events commit in number order and a
 * reader that has seen number {@code n} has seen every number below it. (A {@code bigserial} shared
 * by all streams would hand out numbers in one order and commit them in another, and a reader
 * following the highest number seen would skip an event that commits late.)
 *
 * <p>Immutable and thread-safe; {@link #ensure} runs its DDL once per instance.
 */
public final class Tables {
  private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*");

  /** Names longer than PostgreSQL's 63 bytes are cut silently: refuse them instead. */
  private static final int MAX_PREFIX = 50;

  private final String prefix;
  private final String streams;
  private final String events;
  private final String channel;
  private volatile boolean ensured;

  /** Appends one event and notifies {@code <epoch>-<n> <stream>} (never the body). */
  final String append;

  final String trimByLength;
  final String trimByAge;
  final String sweepIdleStreams;
  final String position;

  /** Marks every stream a replica follows as followed now, so that no sweep deletes it. */
  final String refreshFollowed;

  final String readAfter;
  final String latest;
  final String readTails;

  /**
   * Creates the names.
   *
   * @param prefix lower-case letters, digits and underscores, optionally after {@code schema.}
   * @throws IllegalArgumentException naming the prefix when it is not that
   */
  public Tables(String prefix) {
    if (!NAME.matcher(prefix).matches() || prefix.length() > MAX_PREFIX) {
      throw new IllegalArgumentException(
          "table prefix is not a lower-case SQL name ([schema.]name, letters, digits, _) of at"
              + " most "
              + MAX_PREFIX
              + " characters: '"
              + prefix
              + "'");
    }
    this.prefix = prefix;
    this.streams = prefix + "_streams";
    this.events = prefix + "_events";
    this.channel = prefix.replace('.', '_');
    String columns = "epoch, n, event, data, retry_ms, comment";
    this.append =
        "WITH s AS (INSERT INTO "
            + streams
            + " AS s (name, epoch, last_n, last_at) VALUES (?, ?, 1, now())"
            + " ON CONFLICT (name) DO UPDATE SET last_n = s.last_n + 1, last_at = now()"
            + " RETURNING s.name, s.epoch, s.last_n),"
            + " e AS (INSERT INTO "
            + events
            + " (stream, epoch, n, at, event, data, retry_ms, comment)"
            + " SELECT name, epoch, last_n, now(), ?, ?, ?, ? FROM s RETURNING stream, epoch, n)"
            + " SELECT e.epoch, e.n, pg_notify(?, e.epoch || '-' || e.n || ' ' || e.stream)::text"
            + " FROM e";
    this.trimByLength = "DELETE FROM " + events + " WHERE stream = ? AND epoch = ? AND n <= ?";
    // The newest event older than the cut-off, and everything before it: a prefix of the stream,
    // so a number's neighbours are kept or dropped together and a gap stays detectable.
    this.trimByAge =
        "DELETE FROM "
            + events
            + " WHERE stream = ? AND epoch = ? AND n <= (SELECT n FROM "
            + events
            + " WHERE stream = ? AND epoch = ? AND at < now() - ? * interval '1 millisecond'"
            + " ORDER BY n DESC LIMIT 1)";
    // A stream is idle when neither an append (last_at) nor a replica following it (followed_at)
    // has touched its row for the age limit. The condition is repeated outside the sub-select:
    // PostgreSQL checks it again on the newest version of a row that an append or a refresh
    // changed while the sweep waited for its lock, so a row touched meanwhile is kept.
    String idle = "greatest(last_at, followed_at) < now() - ? * interval '1 millisecond'";
    this.sweepIdleStreams =
        "DELETE FROM "
            + streams
            + " WHERE name IN (SELECT name FROM "
            + streams
            + " WHERE "
            + idle
            + " LIMIT ?) AND "
            + idle;
    // A new follower's position also marks the stream followed, in the same statement.
    this.position =
        "UPDATE " + streams + " SET followed_at = now() WHERE name = ? RETURNING epoch, last_n";
    this.refreshFollowed =
        "UPDATE " + streams + " SET followed_at = now() WHERE name = ANY(?::text[])";
    // One snapshot for the stream's row and the page: the page must start right after the
    // client's number, which the caller checks, or the client missed events.
    this.readAfter =
        "SELECT s.epoch AS stream_epoch, s.last_n, e.epoch, e.n, e.event, e.data, e.retry_ms,"
            + " e.comment FROM "
            + streams
            + " s LEFT JOIN LATERAL (SELECT "
            + columns
            + " FROM "
            + events
            + " e WHERE e.stream = s.name AND e.epoch = s.epoch"
            + " AND e.n > CASE WHEN ?::text IS NULL OR s.epoch = ? THEN ? ELSE 9223372036854775807"
            + " END ORDER BY e.n LIMIT ?) e ON true WHERE s.name = ? ORDER BY e.n";
    this.latest =
        "SELECT e.epoch, e.n, e.event, e.data, e.retry_ms, e.comment FROM "
            + streams
            + " s JOIN "
            + events
            + " e ON e.stream = s.name AND e.epoch = s.epoch WHERE s.name = ?"
            + " ORDER BY e.n DESC LIMIT 1";
    // Every followed stream in one statement: the events of each stream's current life after the
    // reader's position there (from the start when the life is not the one the reader knew).
    this.readTails =
        "SELECT t.stream, e.epoch, e.n, e.event, e.data, e.retry_ms, e.comment"
            + " FROM unnest(?::text[], ?::text[], ?::bigint[]) AS t(stream, epoch, pos)"
            + " JOIN "
            + streams
            + " s ON s.name = t.stream CROSS JOIN LATERAL (SELECT "
            + columns
            + " FROM "
            + events
            + " e WHERE e.stream = s.name AND e.epoch = s.epoch"
            + " AND e.n > CASE WHEN t.epoch IS NULL OR t.epoch = s.epoch THEN t.pos ELSE 0 END"
            + " ORDER BY e.n LIMIT ?) e ORDER BY t.stream, e.n";
  }

  /**
   * The table of streams.
   *
   * @return its name
   */
  public String streams() {
    return streams;
  }

  /**
   * The table of events.
   *
   * @return its name
   */
  public String events() {
    return events;
  }

  /**
   * The {@code NOTIFY} channel: each append notifies {@code <epoch>-<n> <stream>}.
   *
   * @return the channel's name
   */
  public String channel() {
    return channel;
  }

  /**
   * Creates the tables if they do not exist, once per instance, under an advisory lock so that
   * replicas starting together do not race on the catalog.
   *
   * @param c a connection; its auto-commit is on again when this returns
   * @throws SQLException if the DDL fails
   */
  public void ensure(Connection c) throws SQLException {
    if (ensured) {
      return;
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock =
          c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "seam-sse:" + prefix);
        lock.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + streams
                + " (name text PRIMARY KEY, epoch text NOT NULL, last_n bigint NOT NULL,"
                + " last_at timestamptz NOT NULL, followed_at timestamptz, UNIQUE (name, epoch))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + events
                + " (stream text NOT NULL, epoch text NOT NULL, n bigint NOT NULL,"
                + " at timestamptz NOT NULL, event text, data text, retry_ms bigint, comment text,"
                + " PRIMARY KEY (stream, epoch, n), FOREIGN KEY (stream, epoch) REFERENCES "
                + streams
                + " (name, epoch) ON DELETE CASCADE)");
      }
      c.commit();
      ensured = true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
      if (!auto) {
        c.setAutoCommit(false);
      }
    }
  }
}
