package dev.seam.sse.postgres.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog.Follower;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listener of a log on this server: one connection that {@code LISTEN}s on the log's
 * channel and reads the new events of every stream that has followers here, on one thread ({@code
 * seam-<name>-listener}), held while any stream is followed. A stream with no follower here is not
 * read at all; a notification wakes the listener once for every event appended anywhere, and one
 * statement then reads all the streams that were notified, however many followers they have.
 *
 * <p>Right after its {@code LISTEN}, and whenever no notification came for the read block, the
 * listener reads every followed stream: what committed before it listened is read, what commits
 * after is notified. A follower whose stream lost its history while followed (a new epoch appears)
 * is told {@link Follower#failed} and dropped: its client comes back with its id and gets the loss
 * signal. Once per interval the listener marks all the streams it follows as followed (one {@code
 * UPDATE}), so that the idle-stream sweep of any replica leaves them alone.
 *
 * <p>Thread-safe. This object's monitor guards the stream table only; followers are called outside
 * it. When PostgreSQL fails a read, every follower is told once ({@link Follower#failed}) and
 * dropped: its subscribers come back later with their ids and miss nothing.
 */
public final class Listener implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  static final int STOP_CHECK_MILLIS = 200;
  private static final PGNotification[] NONE = new PGNotification[0];

  private final String name;
  private final DataSource dataSource;
  private final Tables tables;
  private final int blockMillis;
  private final int timeoutMillis;
  private final int batch;
  private final long refreshEveryNanos;
  private long lastRefresh; // listener thread only
  private final Map<String, Tail> tails = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private final Thread thread;
  private boolean running = true;
  private Connection listening; // to cut a read that does not end on stop

  private static final class Tail {
    final List<Follower> followers = new CopyOnWriteArrayList<>();
    String epoch;
    long position;

    Tail(String epoch, long position) {
      this.epoch = epoch;
      this.position = position;
    }
  }

  /**
   * Creates and starts the listener.
   *
   * @param name the log's name, for the thread
   * @param dataSource where the listener's connection comes from
   * @param tables the tables and channel
   * @param blockMillis the longest one wait for notifications lasts
   * @param timeoutMillis the network timeout of the listener's reads
   * @param batch the most events per stream per read
   * @param refreshEvery how often the followed streams are marked followed in their table
   */
  public Listener(
      String name,
      DataSource dataSource,
      Tables tables,
      int blockMillis,
      int timeoutMillis,
      int batch,
      Duration refreshEvery) {
    this.name = name;
    this.dataSource = dataSource;
    this.tables = tables;
    this.blockMillis = blockMillis;
    this.timeoutMillis = timeoutMillis;
    this.batch = batch;
    this.refreshEveryNanos = refreshEvery.toNanos();
    // A stream's first follower here marks it (the position statement does); the first refresh
    // of all of them is due one interval later.
    this.lastRefresh = System.nanoTime();
    this.thread = new Thread(this, "seam-" + name + "-listener");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds a follower of a stream; for a stream not yet followed here, from {@code after}.
   *
   * @param stream the stream's name
   * @param epoch the stream's epoch at {@code after}, or null when it had no row
   * @param after the number after which the follower sees every event, for a new stream
   * @param follower the follower
   */
  public synchronized void add(String stream, String epoch, long after, Follower follower) {
    Tail t = tails.get(stream);
    if (t != null) {
      t.followers.add(follower); // already read from here: the follower sees all after now
      return;
    }
    t = new Tail(epoch, after);
    t.followers.add(follower);
    tails.put(stream, t);
    dirty.add(stream);
    notifyAll();
  }

  /**
   * Removes a follower; a stream without followers is no longer read.
   *
   * @param stream the stream's name
   * @param follower the follower
   */
  public synchronized void remove(String stream, Follower follower) {
    Tail t = tails.get(stream);
    if (t != null && t.followers.remove(follower) && t.followers.isEmpty()) {
      tails.remove(stream);
    }
  }

  /**
   * Stops the listener: a wait for notifications ends within {@value #STOP_CHECK_MILLIS} ms and
   * gives the connection back; a read that does not end by then has its connection aborted. Waits
   * up to {@code millis} for the thread.
   *
   * @param millis how long to wait
   * @throws InterruptedException if interrupted while waiting
   */
  public void stop(long millis) throws InterruptedException {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    thread.join(Math.min(millis, 2L * STOP_CHECK_MILLIS));
    if (!thread.isAlive()) {
      return;
    }
    Connection cut;
    synchronized (this) {
      cut = listening;
    }
    if (cut != null) {
      try {
        cut.abort(Runnable::run); // a read stuck on the network fails at once
      } catch (SQLException | RuntimeException e) {
        LOG.debug("aborting the listener's connection failed", e);
      }
    }
    thread.join(millis);
  }

  @Override
  public void run() {
    Connection c = null;
    try {
      boolean readAll = true;
      while (awaitStreams()) {
        try {
          if (c == null) {
            c = listen();
            readAll = true; // what committed before the LISTEN was not notified
          }
          Map<String, Tail> wanted = wanted(readAll);
          boolean more = !wanted.isEmpty() && read(c, wanted);
          refreshIfDue(c);
          PGConnection pg = c.unwrap(PGConnection.class);
          PGNotification[] got = more ? pg.getNotifications() : await(pg);
          readAll = got == null; // a whole block without notifications: read every stream
          notified(got);
        } catch (SQLException | RuntimeException e) {
          synchronized (this) {
            listening = null;
            if (!running) {
              return;
            }
          }
          c = closeQuietly(c);
          failAll(e);
        }
      }
    } finally {
      closeQuietly(c);
    }
  }

  /**
   * Waits up to the read block for notifications (null when the whole block passed without any), in
   * slices that let {@link #stop} and new followers (whose first read should not wait a whole
   * block) end the wait early. A slice sends nothing to the server: pgjdbc only reads its socket.
   */
  private PGNotification[] await(PGConnection pg) throws SQLException {
    long deadline = System.nanoTime() + blockMillis * 1_000_000L;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      synchronized (this) {
        if (!running || !dirty.isEmpty()) {
          return NONE;
        }
      }
      PGNotification[] got = pg.getNotifications((int) Math.min(left, STOP_CHECK_MILLIS));
      if (got != null && got.length > 0) {
        return got;
      }
    }
  }

  private Connection listen() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      c.setNetworkTimeout(Runnable::run, timeoutMillis);
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + tables.channel());
      }
      synchronized (this) {
        if (!running) {
          throw new SQLException("the listener is stopping");
        }
        listening = c;
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private synchronized boolean awaitStreams() {
    while (running && tails.isEmpty()) {
      try {
        wait();
      } catch (InterruptedException e) {
        return false; // only stop() interrupts, through running = false as well
      }
    }
    return running;
  }

  /** The streams to read now, each with a copy of its position. */
  private synchronized Map<String, Tail> wanted(boolean all) {
    Map<String, Tail> wanted = new HashMap<>();
    for (Map.Entry<String, Tail> t : tails.entrySet()) {
      if (all || dirty.contains(t.getKey())) {
        wanted.put(t.getKey(), new Tail(t.getValue().epoch, t.getValue().position));
      }
    }
    dirty.clear();
    return wanted;
  }

  /**
   * Marks every stream followed here as followed now, in one statement, at most once per interval:
   * the idle sweep (on any replica) deletes only streams that neither an append nor a follower
   * touched within the age limit, so clients waiting quietly for a stream's next event never lose
   * its epoch. The interval is at most half the age limit, so one failed refresh (a deadlock with a
   * sweep, say), logged and tried again an interval later, leaves the marks young enough; a broken
   * connection fails the next read, which tells the followers.
   */
  private void refreshIfDue(Connection c) {
    long now = System.nanoTime();
    if (now - lastRefresh < refreshEveryNanos) {
      return;
    }
    String[] followed;
    synchronized (this) {
      followed = tails.keySet().toArray(new String[0]);
    }
    if (followed.length == 0) {
      return;
    }
    lastRefresh = now; // tried once per interval, failed or not
    try (PreparedStatement ps = c.prepareStatement(tables.refreshFollowed)) {
      ps.setArray(1, c.createArrayOf("text", followed));
      ps.setQueryTimeout(Math.max(1, timeoutMillis / 1000));
      ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "PostgreSQL SSE log '{}' could not mark its {} followed streams in {}; next try in one"
              + " interval: {}",
          name,
          followed.length,
          tables.streams(),
          e.toString());
    }
  }

  /** Marks the notified streams that are followed here. */
  private void notified(PGNotification[] got) {
    if (got == null || got.length == 0) {
      return;
    }
    synchronized (this) {
      for (PGNotification n : got) {
        String payload = n.getParameter();
        int space = payload.indexOf(' ');
        String stream = space < 0 ? payload : payload.substring(space + 1);
        if (tails.containsKey(stream)) {
          dirty.add(stream);
        }
      }
    }
  }

  /** Reads and delivers; returns whether a stream had a full batch (more to read at once). */
  private boolean read(Connection c, Map<String, Tail> wanted) throws SQLException {
    List<String> streams = new ArrayList<>(wanted.keySet());
    String[] epochs = new String[streams.size()];
    Long[] positions = new Long[streams.size()];
    for (int i = 0; i < streams.size(); i++) {
      Tail t = wanted.get(streams.get(i));
      epochs[i] = t.epoch;
      positions[i] = t.position;
    }
    Map<String, List<SseEvent>> read = new HashMap<>();
    Map<String, String> epochOf = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(tables.readTails)) {
      Array names = c.createArrayOf("text", streams.toArray());
      ps.setArray(1, names);
      ps.setArray(2, c.createArrayOf("text", epochs));
      ps.setArray(3, c.createArrayOf("bigint", positions));
      ps.setInt(4, batch);
      ps.setQueryTimeout(Math.max(1, timeoutMillis / 1000));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String stream = rs.getString("stream");
          read.computeIfAbsent(stream, s -> new ArrayList<>()).add(Ids.event(rs));
          epochOf.put(stream, rs.getString("epoch"));
        }
      }
    }
    boolean more = false;
    for (Map.Entry<String, List<SseEvent>> r : read.entrySet()) {
      more |= r.getValue().size() >= batch;
      deliver(r.getKey(), epochOf.get(r.getKey()), r.getValue());
    }
    if (more) {
      synchronized (this) {
        read.forEach((s, events) -> dirty.add(s));
      }
    }
    return more;
  }

  private void deliver(String stream, String epoch, List<SseEvent> events) {
    List<Follower> followers;
    List<SseEvent> fresh = new ArrayList<>(events.size());
    synchronized (this) {
      Tail t = tails.get(stream);
      if (t == null) {
        return; // nobody follows it any more
      }
      if (t.epoch != null && !t.epoch.equals(epoch)) {
        tails.remove(stream); // the stream lost its history: its clients need the loss signal
        followers = t.followers;
        fresh = null;
      } else {
        t.epoch = epoch;
        for (SseEvent e : events) {
          long n = Ids.parse(e.id()).n();
          if (n > t.position) { // a copy of the position may have been read twice
            fresh.add(e);
            t.position = n;
          }
        }
        followers = t.followers;
      }
    }
    if (fresh == null) {
      tell(
          followers,
          new IllegalStateException(
              "SSE stream '" + stream + "' lost its history while followed (epoch " + epoch + ")"));
      return;
    }
    for (SseEvent e : fresh) {
      for (Follower f : followers) {
        try {
          f.event(e);
        } catch (RuntimeException ex) {
          LOG.warn("SSE log follower of {} failed on event {}", stream, e.id(), ex);
        }
      }
    }
  }

  private void failAll(Exception cause) {
    List<Follower> all = new ArrayList<>();
    synchronized (this) {
      tails.values().forEach(t -> all.addAll(t.followers));
      tails.clear();
      dirty.clear();
    }
    LOG.warn(
        "PostgreSQL SSE log '{}' could not read its streams; {} followers told to come back later:"
            + " {}",
        name,
        all.size(),
        cause.toString());
    tell(all, cause);
  }

  private static void tell(List<Follower> followers, Exception cause) {
    for (Follower f : followers) {
      try {
        f.failed(cause);
      } catch (RuntimeException ex) {
        LOG.warn("SSE log follower failed while being told of a read failure", ex);
      }
    }
  }

  /**
   * Gives the connection back without its LISTEN (a pooled connection that still listened would
   * queue every notification for whoever borrows it next), or aborts it when it cannot say so.
   */
  private static Connection closeQuietly(Connection c) {
    if (c != null) {
      try (Statement s = c.createStatement()) {
        s.execute("UNLISTEN *");
      } catch (SQLException | RuntimeException e) {
        try {
          c.abort(Runnable::run);
        } catch (SQLException | RuntimeException again) {
          LOG.debug("aborting the listener's connection failed", again);
        }
      }
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("closing the listener's connection failed", e);
      }
    }
    return null;
  }
}
