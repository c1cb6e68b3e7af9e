package dev.seam.sse.redis.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog.Follower;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The one reader of a log on this server: a single {@code XREAD BLOCK} over every stream that has
 * followers here, shared by all of them, on one thread ({@code seam-<name>-reader}) and one
 * connection of the pool, held while any stream is followed. A stream with no follower here is not
 * read at all.
 *
 * <p>Thread-safe. This object's monitor guards the stream table only; followers are called outside
 * it, so a follower may take its own locks (and call {@link #add} or {@link #remove}) freely.
 * Adding a stream wakes a blocked read with {@code CLIENT UNBLOCK}; the read's own timeout bounds
 * the rare case where the wake comes just before the read starts.
 *
 * <p>When Redis fails a read, every follower is told once ({@link Follower#failed}) and dropped:
 * its subscribers come back later with their ids and miss nothing. The reader then waits for new
 * followers, which arrive only once Redis answers again.
 */
public final class StreamReader implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

  private final String name;
  private final RedisClient redis;
  private final int blockMillis;
  private final int batch;
  private final Map<String, Tail> tails = new HashMap<>();
  private final Thread thread;
  private boolean running = true;
  private Jedis reading; // the connection of a read in progress, to wake or cut it
  private long readerClientId = -1;

  private static final class Tail {
    final List<Follower> followers = new CopyOnWriteArrayList<>();
    StreamEntryID position;

    Tail(StreamEntryID position) {
      this.position = position;
    }
  }

  /**
   * Creates and starts the reader.
   *
   * @param name the log's name, for the thread
   * @param redis where the reader's connection comes from
   * @param blockMillis the longest one {@code XREAD BLOCK} waits
   * @param batch the most entries per stream per read
   */
  public StreamReader(String name, RedisClient redis, int blockMillis, int batch) {
    this.name = name;
    this.redis = redis;
    this.blockMillis = blockMillis;
    this.batch = batch;
    this.thread = new Thread(this, "seam-" + name + "-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds a follower of a stream; for a stream not yet read here, from {@code after}.
   *
   * @param key the stream's key
   * @param after the id after which the follower sees every event, for a new stream
   * @param follower the follower
   * @return the id of the reader's connection to wake it with {@code CLIENT UNBLOCK}, or -1 when no
   *     read needs waking
   */
  public synchronized long add(String key, StreamEntryID after, Follower follower) {
    Tail t = tails.get(key);
    if (t != null) {
      t.followers.add(follower); // already read from here: the follower sees all after now
      return -1;
    }
    t = new Tail(after);
    t.followers.add(follower);
    tails.put(key, t);
    notifyAll();
    return reading == null ? -1 : readerClientId;
  }

  /**
   * Removes a follower; a stream without followers is no longer read.
   *
   * @param key the stream's key
   * @param follower the follower
   */
  public synchronized void remove(String key, Follower follower) {
    Tail t = tails.get(key);
    if (t != null && t.followers.remove(follower) && t.followers.isEmpty()) {
      tails.remove(key);
    }
  }

  /**
   * Stops the reader: cuts a read in progress and waits up to {@code millis} for the thread.
   *
   * @param millis how long to wait
   * @throws InterruptedException if interrupted while waiting
   */
  public void stop(long millis) throws InterruptedException {
    Jedis cut;
    synchronized (this) {
      running = false;
      cut = reading;
      notifyAll();
    }
    if (cut != null) {
      try {
        cut.disconnect(); // a blocked XREAD fails at once
      } catch (RuntimeException e) {
        LOG.debug("closing the reader's connection failed", e);
      }
    }
    thread.join(millis);
  }

  @Override
  public void run() {
    Jedis jedis = null;
    try {
      while (true) {
        Map<String, StreamEntryID> positions = awaitStreams();
        if (positions == null) {
          return;
        }
        try {
          if (jedis == null) {
            jedis = Connections.borrow(redis);
            long id = jedis.clientId();
            synchronized (this) {
              readerClientId = id;
            }
          }
          synchronized (this) {
            if (!running) {
              return;
            }
            reading = jedis;
          }
          List<Map.Entry<String, List<StreamEntry>>> read =
              jedis.xread(XReadParams.xReadParams().block(blockMillis).count(batch), positions);
          synchronized (this) {
            reading = null;
          }
          deliver(read);
        } catch (RuntimeException e) {
          synchronized (this) {
            reading = null;
            if (!running) {
              return;
            }
          }
          jedis = closeQuietly(jedis);
          if (e instanceof JedisConnectionException) {
            Connections.dropIdle(redis);
          }
          failAll(e);
        }
      }
    } finally {
      closeQuietly(jedis);
    }
  }

  private synchronized Map<String, StreamEntryID> awaitStreams() {
    while (running && tails.isEmpty()) {
      try {
        wait();
      } catch (InterruptedException e) {
        return null; // only stop() interrupts, through running = false as well
      }
    }
    if (!running) {
      return null;
    }
    Map<String, StreamEntryID> positions = new HashMap<>();
    tails.forEach((k, t) -> positions.put(k, t.position));
    return positions;
  }

  private void deliver(List<Map.Entry<String, List<StreamEntry>>> read) {
    if (read == null) {
      return; // the block timed out, or CLIENT UNBLOCK woke it for a new stream
    }
    for (Map.Entry<String, List<StreamEntry>> r : read) {
      List<StreamEntry> entries = r.getValue();
      if (entries.isEmpty()) {
        continue;
      }
      List<Follower> followers;
      synchronized (this) {
        Tail t = tails.get(r.getKey());
        if (t == null) {
          continue; // nobody follows it any more
        }
        t.position = entries.get(entries.size() - 1).getID();
        followers = t.followers;
      }
      for (StreamEntry entry : entries) {
        SseEvent e = Entries.event(entry);
        for (Follower f : followers) {
          try {
            f.event(e);
          } catch (RuntimeException ex) {
            LOG.warn("SSE log follower of {} failed on event {}", r.getKey(), e.id(), ex);
          }
        }
      }
    }
  }

  private void failAll(RuntimeException cause) {
    List<Follower> all = new ArrayList<>();
    synchronized (this) {
      tails.values().forEach(t -> all.addAll(t.followers));
      tails.clear();
    }
    LOG.warn(
        "Redis SSE log '{}' could not read its streams; {} followers told to come back later: {}",
        name,
        all.size(),
        cause.toString());
    for (Follower f : all) {
      try {
        f.failed(cause);
      } catch (RuntimeException ex) {
        LOG.warn("SSE log follower failed while being told of a read failure", ex);
      }
    }
  }

  private static Jedis closeQuietly(Jedis jedis) {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a reader connection failed", e);
      }
    }
    return null;
  }
}
