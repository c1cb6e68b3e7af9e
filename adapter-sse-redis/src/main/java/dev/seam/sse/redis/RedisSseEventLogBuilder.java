package dev.seam.sse.redis;

import dev.seam.Seam;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.RedisClient;

/**
 * Configures a {@link RedisSseEventLog}. Every option has a safe default; {@link #build()} checks
 * them and names a bad value. Not thread-safe; the log it builds is.
 *
 * @since 0.1
 */
public final class RedisSseEventLogBuilder {
  final RedisClient redis;
  String name = "sse-redis";
  String keyPrefix = "seam:sse:";
  long maxLength = 10_000;
  Duration maxAge = Duration.ofHours(24);
  Duration ageTrimEvery = Duration.ofMinutes(1);
  Duration timeout = Duration.ofSeconds(2);
  int maxConcurrency = 8;
  int maxQueued = 1_000;
  int replayLimit = 10_000;
  Duration readBlock = Duration.ofSeconds(2);
  int readBatch = 512;
  private Seam seam;

  RedisSseEventLogBuilder(RedisClient redis) {
    this.redis = redis;
  }

  /**
   * Names the log, its seam ({@code seam-<name>-<n>}) and its reader thread. Default {@code
   * sse-redis}.
   *
   * @param name the name
   * @return this builder
   */
  public RedisSseEventLogBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * The prefix of every stream's key; replicas that share streams use the same one. Default {@code
   * seam:sse:}.
   *
   * @param prefix the prefix, possibly empty
   * @return this builder
   */
  public RedisSseEventLogBuilder keyPrefix(String prefix) {
    this.keyPrefix = Objects.requireNonNull(prefix, "keyPrefix");
    return this;
  }

  /**
   * Entries kept per stream ({@code MAXLEN ~}: Redis trims in whole nodes, so a few more may stay).
   * Default 10,000.
   *
   * @param maxLength at least 1
   * @return this builder
   */
  public RedisSseEventLogBuilder maxLength(long maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  /**
   * How long entries are kept; a stream with no append for this long expires. Zero turns the age
   * limit off. Default 24 hours.
   *
   * @param maxAge zero or positive
   * @return this builder
   */
  public RedisSseEventLogBuilder maxAge(Duration maxAge) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    return this;
  }

  /**
   * How often a stream is trimmed by age from this server (one {@code XTRIM} and one {@code
   * PEXPIRE}). Default 1 minute.
   *
   * @param every positive
   * @return this builder
   */
  public RedisSseEventLogBuilder ageTrimEvery(Duration every) {
    this.ageTrimEvery = Objects.requireNonNull(every, "ageTrimEvery");
    return this;
  }

  /**
   * The deadline of each Redis call, queue wait on the log's seam included: how long {@code send}
   * may block when Redis is slow or away. Default 2 seconds.
   *
   * @param timeout positive
   * @return this builder
   */
  public RedisSseEventLogBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Redis calls at once on the log's own seam (keep it below the pool's size: the reader holds one
   * more connection) and calls that may wait for one. Ignored with {@link #seam(Seam)}. Default 8
   * and 1,000.
   *
   * @param maxConcurrency at least 1
   * @param maxQueued zero or more
   * @return this builder
   */
  public RedisSseEventLogBuilder concurrency(int maxConcurrency, int maxQueued) {
    this.maxConcurrency = maxConcurrency;
    this.maxQueued = maxQueued;
    return this;
  }

  /**
   * Runs the Redis calls on this seam instead of one of the log's own; the log does not close it.
   *
   * @param seam the seam
   * @return this builder
   */
  public RedisSseEventLogBuilder seam(Seam seam) {
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
  public RedisSseEventLogBuilder replayLimit(int limit) {
    this.replayLimit = limit;
    return this;
  }

  /**
   * The longest one {@code XREAD BLOCK} of the reader waits before it reads again (an idle replica
   * sends one command per this interval). Default 2 seconds.
   *
   * @param block positive
   * @return this builder
   */
  public RedisSseEventLogBuilder readBlock(Duration block) {
    this.readBlock = Objects.requireNonNull(block, "readBlock");
    return this;
  }

  /**
   * Builds the log and starts its reader thread (idle until a stream has subscribers).
   *
   * @return the log
   * @throws IllegalArgumentException naming the first bad option
   */
  public RedisSseEventLog build() {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank: '" + name + "'");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength < 1: " + maxLength);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge < 0: " + maxAge);
    }
    if (ageTrimEvery.isNegative() || ageTrimEvery.isZero()) {
      throw new IllegalArgumentException("ageTrimEvery <= 0: " + ageTrimEvery);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    if (readBlock.toMillis() < 1 || readBlock.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("readBlock not between 1 ms and 24 days: " + readBlock);
    }
    if (replayLimit < 1) {
      throw new IllegalArgumentException("replayLimit < 1: " + replayLimit);
    }
    if (seam != null) {
      return new RedisSseEventLog(this, seam, false);
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
    return new RedisSseEventLog(this, own, true);
  }
}
