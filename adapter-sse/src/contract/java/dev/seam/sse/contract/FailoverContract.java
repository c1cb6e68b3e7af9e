package dev.seam.sse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover, the same for every event log engine: three replicas on one store; the job sends 100
 * events/s on replica A; every client watches on B, a separate JVM that is killed (SIGKILL)
 * mid-stream; the clients reconnect, as an EventSource behind a load balancer does, to the next
 * replica that answers (C, another JVM), with their last id, after 3 s (Chrome's default) or the
 * server's {@code retry:} hint. Each client ends with exactly the events the job sent, once each,
 * in order, after exactly one reconnect; a response an EventSource would give up on (not a 200
 * event stream) fails it. The figures (reconnect time p50/p99, gaps, duplicates) are logged; {@code
 * benchmarks/failover.sh} runs the same test with more clients and events. An engine's {@code
 * FailoverTest} extends it with how to reach its store and start its replicas.
 */
@ExtendWith(SeamLeakCheck.class)
public abstract class FailoverContract {
  private final Logger log = LoggerFactory.getLogger(getClass());
  private static final String STREAM = "job";
  private static final int RATE = Integer.getInteger("seam.failover.rate", 100);
  private static final int CLIENTS = Integer.getInteger("seam.failover.clients", 20);
  private static final int EVENTS = Integer.getInteger("seam.failover.events", 800);
  // The benchmark run (benchmarks/failover.sh) overloads the replicas on purpose: a catch-up may
  // then be asked to come back later, which costs a reconnect but never an event.
  private static final boolean EXACT_RECONNECTS =
      Boolean.parseBoolean(System.getProperty("seam.failover.exactReconnects", "true"));
  private static final long RECONNECT_MILLIS = Long.getLong("seam.failover.reconnectMillis", 3_000);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A replica in the test's JVM, where the job sends. */
  public interface Sender extends AutoCloseable {
    /**
     * The replica's broadcaster of {@code stream}.
     *
     * @param stream the stream's name
     * @return its broadcaster
     */
    SseBroadcaster broadcaster(String stream);
  }

  /** A replica in a JVM of its own, which the test kills. */
  public interface Remote extends AutoCloseable {
    /**
     * Where a client watches {@code stream} on this replica.
     *
     * @param stream the stream's name
     * @return the URI of its events
     */
    URI uri(String stream);

    /**
     * Kills the replica's process (SIGKILL) and waits until it is gone.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void kill() throws InterruptedException;
  }

  /** Skips the test when the engine's store is not reachable (fails it when CI requires it). */
  protected abstract void assumeStoreReachable();

  /**
   * Starts a replica in this JVM on the engine's store, under the test's own names.
   *
   * @param name the replica's name
   * @param stream the stream it serves
   * @return the replica
   * @throws Exception if it cannot start
   */
  protected abstract Sender sender(String name, String stream) throws Exception;

  /**
   * Starts a replica in a JVM of its own on the engine's store, under the test's own names.
   *
   * @param name the replica's name
   * @param stream the stream it serves
   * @return the replica
   * @throws Exception if it cannot start
   */
  protected abstract Remote remote(String name, String stream) throws Exception;

  /**
   * Removes what the test wrote to the store, once every replica has stopped.
   *
   * @throws Exception if it cannot
   */
  protected abstract void dropStore() throws Exception;

  @BeforeEach
  void storeReachable() {
    assumeStoreReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    dropStore();
  }

  @Test
  void killingTheServingReplicaAt100EventsPerSecondLosesAndRepeatsNothing() throws Exception {
    Sender a = closing(sender("a", STREAM));
    Remote b = closing(remote("b", STREAM));
    Remote c = closing(remote("c", STREAM));
    List<URI> balancer = List.of(b.uri(STREAM), c.uri(STREAM));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<WatchingClient> clients = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        WatchingClient w = new WatchingClient(balancer);
        clients.add(w);
        running.add(pool.submit(w));
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> clients.stream().allMatch(w -> w.connections() == 1));
      List<String> acked = new ArrayList<>();
      long period = TimeUnit.SECONDS.toNanos(1) / RATE;
      long start = System.nanoTime();
      long killedAt = 0;
      for (int i = 1; i <= EVENTS; i++) {
        LockSupport.parkNanos(start + i * period - System.nanoTime()); // the job's own pace
        acked.add(a.broadcaster(STREAM).send(SseEvent.of("progress", Integer.toString(i))));
        if (i == EVENTS / 4) {
          killedAt = System.nanoTime();
          b.kill(); // the replica every client watches on crashes
        }
      }
      String last = acked.get(acked.size() - 1);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (Future<?> f : running) {
                  if (f.isDone()) {
                    f.get(); // a client that gave up says why
                  }
                }
                return clients.stream().allMatch(w -> last.equals(w.lastId()));
              });
      List<Long> reconnectMillis = new ArrayList<>();
      int gaps = 0;
      int duplicates = 0;
      int extraReconnects = 0;
      for (WatchingClient w : clients) {
        List<String> got = w.ids();
        duplicates += got.size() - (int) got.stream().distinct().count();
        gaps += (int) acked.stream().filter(id -> !got.contains(id)).count();
        assertThat(got).containsExactlyElementsOf(acked);
        extraReconnects += w.connections() - 2;
        if (EXACT_RECONNECTS) {
          assertThat(w.connections()).isEqualTo(2); // one failover costs one reconnect
        }
        reconnectMillis.add(TimeUnit.NANOSECONDS.toMillis(w.firstEventAfterReconnect() - killedAt));
      }
      Collections.sort(reconnectMillis);
      log.info(
          "failover: {} events at {}/s, {} clients, serving replica killed after event {};"
              + " reconnect (kill to first event on the next replica, after a {} ms EventSource retry) p50 {} ms, p99 {} ms,"
              + " max {} ms; gaps {}, duplicates {}, reconnects beyond the one failover {}",
          EVENTS,
          RATE,
          CLIENTS,
          EVENTS / 4,
          RECONNECT_MILLIS,
          percentile(reconnectMillis, 50),
          percentile(reconnectMillis, 99),
          reconnectMillis.get(reconnectMillis.size() - 1),
          gaps,
          duplicates,
          extraReconnects);
      assertThat(gaps).isZero();
      assertThat(duplicates).isZero();
    } finally {
      clients.forEach(WatchingClient::stop);
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> f : running) {
      f.get(); // a client that failed says why
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i));
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  /**
   * An EventSource behind a load balancer: reads events, and when the stream ends or breaks,
   * reconnects after a short delay to the first replica that answers, with its last event id.
   */
  private static final class WatchingClient implements Runnable {
    private final List<URI> replicas;
    private final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private volatile RawSseClient current;
    private volatile String lastId;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile long firstEventAfterReconnect;

    WatchingClient(List<URI> replicas) {
      this.replicas = replicas;
    }

    @Override
    public void run() {
      int next = 0;
      while (!stopped) {
        URI uri = replicas.get(next % replicas.size());
        long delay = RECONNECT_MILLIS;
        try (RawSseClient s =
            lastId == null
                ? RawSseClient.open(uri)
                : RawSseClient.open(uri, "Last-Event-ID: " + lastId)) {
          current = s;
          String type = s.header("Content-Type");
          if (s.status != 200 || type == null || !type.startsWith("text/event-stream")) {
            // An EventSource fails the connection for good here (readyState CLOSED).
            throw new IllegalStateException(
                "an EventSource would stop: status " + s.status + ", Content-Type " + type);
          }
          int connection = connections.incrementAndGet();
          try {
            read(s, connection);
          } finally {
            if (s.parser().retry() >= 0) {
              delay = s.parser().retry(); // the server's retry: hint, as an EventSource obeys it
            }
          }
        } catch (ConnectException e) {
          next++; // nothing listens there: the balancer routes to a live replica at once
          continue;
        } catch (IOException e) { // a network error or the end of the stream: reconnect
          if (stopped) {
            return;
          }
          next++;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
      }
    }

    private void read(RawSseClient s, int connection) throws IOException {
      int seen = 0;
      while (!stopped) {
        Dispatched e = s.awaitEvent(seen + 1);
        seen++;
        if (!e.type().equals("progress")) {
          continue; // a resync: nothing the job sent
        }
        if (connection >= 2 && firstEventAfterReconnect == 0) {
          firstEventAfterReconnect = System.nanoTime();
        }
        ids.add(e.lastEventId());
        lastId = e.lastEventId();
      }
    }

    List<String> ids() {
      synchronized (ids) {
        return List.copyOf(ids);
      }
    }

    String lastId() {
      return lastId;
    }

    int connections() {
      return connections.get();
    }

    /** When the first event arrived on a connection after the first one. */
    long firstEventAfterReconnect() {
      return firstEventAfterReconnect;
    }

    void stop() {
      stopped = true;
      RawSseClient s = current;
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
