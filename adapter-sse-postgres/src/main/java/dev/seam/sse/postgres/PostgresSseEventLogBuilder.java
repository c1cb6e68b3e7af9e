package dev.seam.sse.postgres;

import dev.seam.Seam;
import dev.seam.sse.postgres.internal.Tables;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Configures a {@link PostgresSseEventLog}. Every option has a safe default; {@link #build()}
 * checks them and names a bad value. Not thread-safe; the log it builds is.
 *
 * @since 0.1
 */
public final class PostgresSseEventLogBuilder {
  final DataSource dataSource;
  String name = "sse-postgres";
  String tablePrefix = "seam_sse";
  boolean createTables = true;
  long maxLength = 10_000;
  Duration maxAge = Duration.ofHours(24);
  Duration ageTrimEvery = Duration.ofMinutes(1);
  Duration timeout = Duration.ofSeconds(2);
  int maxConcurrency = 8;
  int maxQueued = 1_000;
  int replayLimit = 10_000;
  Duration readBlock = Duration.ofSeconds(2);
  int readBatch = 512;
  Tables tables;
  private Seam seam;

  PostgresSseEventLogBuilder(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Names the log, its seam ({@code seam-<name>-<n>}) and its listener thread. Default {@code
   * sse-postgres}.
   *
   * @param name the name
   * @return this builder
   */
  public PostgresSseEventLogBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * The prefix of the log's tables ({@code <prefix>_streams}, {@code <prefix>_events}) and the name
   * of its {@code NOTIFY} channel; replicas that share streams use the same one. Lower-case
   * letters, digits and underscores, optionally after a schema ({@code myschema.sse}). Default
   * {@code seam_sse}.
   *
   * @param prefix the prefix
   * @return this builder
   */
  public PostgresSseEventLogBuilder tablePrefix(String prefix) {
    this.tablePrefix = Objects.requireNonNull(prefix, "tablePrefix");
    return this;
  }

  /**
   * Whether the log creates its tables when they do not exist ({@code CREATE TABLE IF NOT EXISTS}
   * on its first call); turn it off when migrations own the schema (the DDL is in the log's
   * javadoc). Default true.
   *
   * @param create whether to create them
   * @return this builder
   */
  public PostgresSseEventLogBuilder createTables(boolean create) {
    this.createTables = create;
    return this;
  }

  /**
   * Events kept per stream: a stream holds at least this many and at most a tenth more (at most
   * 1,000 more), trimmed by one range delete every tenth of it. Default 10,000.
   *
   * @param maxLength at least 1
   * @return this builder
   */
  public PostgresSseEventLogBuilder maxLength(long maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  /**
   * How long events are kept; a stream with no append for this long, and that no replica followed
   * for this long, is deleted with its events (a stream whose subscribers wait quietly is kept, and
   * its next event goes on in the same epoch). Zero turns the age limit off. Default 24 hours.
   *
   * @param maxAge zero or positive
   * @return this builder
   */
  public PostgresSseEventLogBuilder maxAge(Duration maxAge) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    return this;
  }

  /**
   * How often a stream is trimmed by age from this server, how often this server deletes up to 100
   * streams idle for the maximum age, and how often it marks the streams it follows as followed
   * (one statement for all of them; at least twice per maximum age). Default 1 minute.
   *
   * @param every positive
   * @return this builder
   */
  public PostgresSseEventLogBuilder ageTrimEvery(Duration every) {
    this.ageTrimEvery = Objects.requireNonNull(every, "ageTrimEvery");
    return this;
  }

  /**
   * The deadline of each database call, queue and connection wait on the log's seam included: how
   * long {@code send} may block when PostgreSQL is slow or away. Default 2 seconds.
   *
   * @param timeout positive
   * @return this builder
   */
  public PostgresSseEventLogBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Database calls at once on the log's own seam (keep it below the pool's size: the listener holds
   * one more connection) and calls that may wait for one. Ignored with {@link #seam(Seam)}. Default
   * 8 and 1,000.
   *
   * @param maxConcurrency at least 1
   * @param maxQueued zero or more
   * @return this builder
   */
  public PostgresSseEventLogBuilder concurrency(int maxConcurrency, int maxQueued) {
    this.maxConcurrency = maxConcurrency;
    this.maxQueued = maxQueued;
    return this;
  }

  /**
   * Runs the database calls on this seam instead of one of the log's own; the log does not close
   * it. Its timeout is then the calls' deadline.
   *
   * @param seam the seam
   * @return this builder
   */
  public PostgresSseEventLogBuilder seam(Seam seam) {
    this.seam = Objects.requireNonNull(seam, "seam");
    return this;
  }

  /**
   * The most events one reconnecting client is replayed; a client further behind gets the {@code
   * resync} event. Default 10,000.
   *
   * @param limit at least 1
   * @return this builder
   */
  public PostgresSseEventLogBuilder replayLimit(int limit) {
    this.replayLimit = limit;
    return this;
  }

  /**
   * The longest the listener waits for a notification before it reads its streams anyway (an idle
   * replica with followers runs one query per this interval). Default 2 seconds.
   *
   * @param block positive
   * @return this builder
   */
  public PostgresSseEventLogBuilder readBlock(Duration block) {
    this.readBlock = Objects.requireNonNull(block, "readBlock");
    return this;
  }

  /**
   * Builds the log and starts its listener thread (idle, without a connection, until a stream has
   * followers). Talks to no database.
   *
   * @return the log
   * @throws IllegalArgumentException naming the first bad option
   */
  public PostgresSseEventLog build() {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank: '" + name + "'");
    }
    tables = new Tables(tablePrefix);
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength < 1: " + maxLength);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge < 0: " + maxAge);
    }
    if (ageTrimEvery.isNegative() || ageTrimEvery.isZero()) {
      throw new IllegalArgumentException("ageTrimEvery <= 0: " + ageTrimEvery);
    }
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout not between 1 ms and 24 days: " + timeout);
    }
    if (readBlock.toMillis() < 1 || readBlock.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("readBlock not between 1 ms and 24 days: " + readBlock);
    }
    if (replayLimit < 1) {
      throw new IllegalArgumentException("replayLimit < 1: " + replayLimit);
    }
    if (seam != null) {
      return new PostgresSseEventLog(this, seam, false);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency < 1: " + maxConcurrency);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued < 0: " + maxQueued);
    }
    Seam own =
        Seam.builder(name)
            .maxConcurrency(maxConcurrency)
            .maxQueued(maxQueued)
            .timeout(timeout)
            .build();
    return new PostgresSseEventLog(this, own, true);
  }
}
