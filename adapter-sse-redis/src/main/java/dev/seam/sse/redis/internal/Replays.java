package dev.seam.sse.redis.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamInfo;

/**
 * Reads what a reconnecting client missed, or finds that the stream no longer holds it.
 *
 * <p>An id the client brings was an entry of the stream. If that entry is still there, everything
 * after it is too (trimming removes the oldest first): replay it. If not, the client missed nothing
 * only when its id is the stream's last generated id (an idle stream, trimmed by age), or when it
 * is {@code 0-0} (the id a {@code resync} gives for an empty stream) and the stream never lost an
 * entry ({@code entries-added == length}, Redis 7). Otherwise it is a gap: also for an id older
 * than a stream that never lost an entry, since that id is of an earlier life of the stream (its
 * key deleted, expired or flushed, and written again). Entry ids are never reused (they grow with
 * the server's clock), so they serve as the epoch other engines carry in their ids. Costs one
 * {@code XRANGE} per page of {@value #PAGE} events, plus one {@code XINFO STREAM} when the client's
 * own entry is gone.
 */
public final class Replays {
  static final int PAGE = 512;

  private Replays() {}

  /**
   * Reads the replay.
   *
   * @param jedis a connection
   * @param key the stream's key
   * @param lastEventId the client's id
   * @param limit the most events replayed; a client further behind gets a gap
   * @return the replay
   */
  public static Replay after(Jedis jedis, String key, String lastEventId, int limit) {
    StreamEntryID from = Entries.parse(lastEventId);
    if (from == null) {
      return Replay.gap(lastGenerated(jedis, key).id.toString());
    }
    List<StreamEntry> first = jedis.xrange(key, from.toString(), "+", PAGE + 1);
    List<StreamEntry> page;
    if (!first.isEmpty() && first.get(0).getID().equals(from)) {
      page = first.subList(1, first.size());
    } else {
      Info info = lastGenerated(jedis, key);
      int c = from.compareTo(info.id);
      if (c == 0) {
        return Replay.events(List.of());
      }
      if (c > 0 || !info.neverTrimmed || from.getTime() != 0 || from.getSequence() != 0) {
        return Replay.gap(info.id.toString());
      }
      page = first;
    }
    List<SseEvent> events = new ArrayList<>();
    while (true) {
      for (StreamEntry e : page) {
        events.add(Entries.event(e));
      }
      if (events.size() > limit) {
        return Replay.gap(lastGenerated(jedis, key).id.toString());
      }
      if (page.size() < PAGE) {
        return Replay.events(events);
      }
      String next = "(" + page.get(page.size() - 1).getID();
      page = jedis.xrange(key, next, "+", PAGE);
    }
  }

  private record Info(StreamEntryID id, boolean neverTrimmed) {}

  private static Info lastGenerated(Jedis jedis, String key) {
    StreamInfo info;
    try {
      info = jedis.xinfoStream(key);
    } catch (JedisDataException e) {
      // No such key: nothing was ever appended, or the stream expired after its maximum age.
      return new Info(new StreamEntryID(0, 0), true);
    }
    Map<String, Object> raw = info.getStreamInfo();
    Object added = raw.get("entries-added");
    boolean never = added instanceof Long n && n == info.getLength();
    return new Info(info.getLastGeneratedId(), never);
  }
}
