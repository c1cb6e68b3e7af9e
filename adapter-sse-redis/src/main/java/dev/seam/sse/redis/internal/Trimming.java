package dev.seam.sse.redis.internal;

import dev.seam.sse.SseEvent;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XTrimParams;

/**
 * Appends with the log's trimming. Length: every {@code XADD} carries {@code MAXLEN ~ n}, which
 * Redis applies in whole radix-tree nodes, so it costs nothing extra. Age: {@code XADD} takes one
 * trimming rule only, so entries older than the maximum age go with an {@code XTRIM MINID} and the
 * key's expiry is pushed out with a {@code PEXPIRE}, at most once per {@code ageTrimEvery} per
 * stream on this server: a stream costs one command per event plus two per interval, however many
 * events, and a finished job's stream disappears on its own after the maximum age.
 *
 * <p>Thread-safe.
 */
public final class Trimming {
  private static final int FORGET_AFTER = 10_000;

  private final long maxLength;
  private final long maxAgeMillis;
  private final long everyMillis;
  private final ConcurrentHashMap<String, Long> lastAgeTrim = new ConcurrentHashMap<>();

  /**
   * Creates the policy.
   *
   * @param maxLength entries kept per stream (approximately, never fewer)
   * @param maxAge how long entries are kept, or zero for no age limit
   * @param ageTrimEvery how often a stream is trimmed by age on this server
   */
  public Trimming(long maxLength, Duration maxAge, Duration ageTrimEvery) {
    this.maxLength = maxLength;
    this.maxAgeMillis = maxAge.toMillis();
    this.everyMillis = ageTrimEvery.toMillis();
  }

  /**
   * Appends an event and trims.
   *
   * @param jedis a connection
   * @param key the stream's key
   * @param event the event
   * @return the entry's id
   */
  public StreamEntryID append(Jedis jedis, String key, SseEvent event) {
    StreamEntryID id =
        jedis.xadd(
            key,
            XAddParams.xAddParams().maxLen(maxLength).approximateTrimming(),
            Entries.fields(event));
    if (maxAgeMillis > 0) {
      trimByAge(jedis, key, id.getTime());
    }
    return id;
  }

  private void trimByAge(Jedis jedis, String key, long nowMillis) {
    Long last = lastAgeTrim.get(key);
    if (last != null && nowMillis - last < everyMillis) {
      return;
    }
    if (lastAgeTrim.size() > FORGET_AFTER) {
      lastAgeTrim.clear(); // many short streams: at worst each is trimmed once more
    }
    lastAgeTrim.put(key, nowMillis);
    // The entry id's time is Redis's clock, so the cut-off needs no agreement between clocks.
    jedis.xtrim(key, XTrimParams.xTrimParams().minId((nowMillis - maxAgeMillis) + "-0"));
    jedis.pexpire(key, maxAgeMillis + everyMillis);
  }
}
