package dev.seam.sse.postgres.internal;

import dev.seam.sse.SseEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends with the log's retention. The append is one statement: it creates or bumps the stream's
 * row, inserts the event under the new number and notifies {@code <epoch>-<n> <stream>} (at most a
 * few hundred bytes: never the body, so PostgreSQL's 8,000-byte payload limit is never near).
 *
 * <p>Retention is bounded work, never a scan per event. Length: every {@code lengthTrimEvery}-th
 * number of a stream, the appender deletes that stream's events more than {@code maxLength} behind
 * (one indexed range delete), so a stream holds between {@code maxLength} and {@code maxLength +
 * lengthTrimEvery} events. Age: at most once per {@code ageTrimEvery} per stream on this server,
 * the stream's events older than {@code maxAge} go; and once per {@code ageTrimEvery} on this
 * server, up to {@value #SWEEP_BATCH} streams without an append for {@code maxAge} are deleted with
 * their events, unless a replica followed them within {@code maxAge}: each replica's {@link
 * Listener} marks the streams it follows (one statement per interval for all of them), so a stream
 * whose clients wait quietly for its next event keeps its epoch and they get no {@code resync}. A
 * retention statement that fails is logged; the event it followed is stored.
 *
 * <p>Thread-safe.
 */
public final class Appends {
  private static final Logger LOG = LoggerFactory.getLogger(Appends.class);
  private static final int FORGET_AFTER = 10_000;
  static final int SWEEP_BATCH = 100;

  private final Tables tables;
  private final long maxLength;
  private final long lengthTrimEvery;
  private final long maxAgeMillis;
  private final long everyNanos;
  private final ConcurrentHashMap<String, Long> lastAgeTrim = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  /**
   * Creates the policy.
   *
   * @param tables the tables
   * @param maxLength events kept per stream (at least)
   * @param maxAge how long events are kept, or zero for no age limit
   * @param ageTrimEvery how often a stream is trimmed by age from this server
   */
  public Appends(Tables tables, long maxLength, Duration maxAge, Duration ageTrimEvery) {
    this.tables = tables;
    this.maxLength = maxLength;
    this.lengthTrimEvery = Math.max(1, Math.min(1_000, maxLength / 10));
    this.maxAgeMillis = maxAge.toMillis();
    this.everyNanos = ageTrimEvery.toNanos();
    this.lastSweep = new AtomicLong(System.nanoTime() - everyNanos); // the first append sweeps
  }

  /** What an append stored: the stream's epoch and the event's number. */
  public record Appended(String epoch, long n) {
    /**
     * The event's id.
     *
     * @return {@code <epoch>-<n>}
     */
    public String id() {
      return Ids.of(epoch, n);
    }
  }

  /**
   * Appends an event (one statement, committed when it returns: the connection is in auto-commit).
   *
   * @param c a connection in auto-commit
   * @param stream the stream's name
   * @param event the event
   * @return where it was stored
   * @throws SQLException if it was not stored (or, on a connection failure, may have been)
   */
  public Appended append(Connection c, String stream, SseEvent event) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(tables.append)) {
      ps.setString(1, stream);
      ps.setString(2, Ids.newEpoch()); // used only when this append creates the stream's row
      ps.setString(3, event.event());
      String data = event.data();
      String comment = event.comment();
      ps.setString(4, data == null && comment == null ? "" : data);
      if (event.retry() == null) {
        ps.setNull(5, Types.BIGINT);
      } else {
        ps.setLong(5, event.retry().toMillis());
      }
      ps.setString(6, comment);
      ps.setString(7, tables.channel());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the append returned no row", "XX000");
        }
        return new Appended(rs.getString(1), rs.getLong(2));
      }
    }
  }

  /**
   * Applies retention after an append, on the same connection; never throws.
   *
   * @param c the connection
   * @param stream the stream appended to
   * @param appended what was stored
   */
  public void trim(Connection c, String stream, Appended appended) {
    try {
      if (appended.n() % lengthTrimEvery == 0 && appended.n() > maxLength) {
        try (PreparedStatement ps = c.prepareStatement(tables.trimByLength)) {
          ps.setString(1, stream);
          ps.setString(2, appended.epoch());
          ps.setLong(3, appended.n() - maxLength);
          ps.executeUpdate();
        }
      }
      if (maxAgeMillis > 0) {
        trimByAge(c, stream, appended.epoch());
        sweepIdleStreams(c);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "SSE log table {}: trimming stream '{}' after event {} failed; the event is stored: {}",
          tables.events(),
          stream,
          appended.id(),
          e.toString());
    }
  }

  private void trimByAge(Connection c, String stream, String epoch) throws SQLException {
    long now = System.nanoTime();
    Long last = lastAgeTrim.get(stream);
    if (last != null && now - last < everyNanos) {
      return;
    }
    if (lastAgeTrim.size() > FORGET_AFTER) {
      lastAgeTrim.clear(); // many short streams: at worst each is trimmed once more
    }
    lastAgeTrim.put(stream, now);
    // now() in the statement is the server's clock, as the rows' times: no clocks to agree on.
    try (PreparedStatement ps = c.prepareStatement(tables.trimByAge)) {
      ps.setString(1, stream);
      ps.setString(2, epoch);
      ps.setString(3, stream);
      ps.setString(4, epoch);
      ps.setLong(5, maxAgeMillis);
      ps.executeUpdate();
    }
  }

  private void sweepIdleStreams(Connection c) throws SQLException {
    long now = System.nanoTime();
    long last = lastSweep.get();
    if (now - last < everyNanos || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(tables.sweepIdleStreams)) {
      ps.setLong(1, maxAgeMillis);
      ps.setInt(2, SWEEP_BATCH);
      ps.setLong(3, maxAgeMillis);
      int deleted = ps.executeUpdate();
      if (deleted > 0) {
        LOG.debug("SSE log table {}: {} idle streams expired", tables.streams(), deleted);
      }
    }
  }
}
