package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the log costs PostgreSQL, counted per replica where its statements are sent: one statement
 * per event, one read per wake-up per replica whatever its number of subscribers, nothing per event
 * for a stream nobody watches, one statement per resuming client.
 */
@ExtendWith(SeamLeakCheck.class)
class StatementCostTest {
  // Fewer than a subscriber's buffer holds (64 by default), sent at once: a subscriber that fell
  // behind would catch up with a read of the log of its own, and what is counted here is the live
  // path.
  private static final int EVENTS = 60;
  private static final int SUBSCRIBERS_PER_REPLICA = 20;

  private final String prefix = PgServer.prefix("cost");
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void postgres() {
    PgServer.assumeReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    PgServer.dropTables(prefix);
  }

  private Replica replica(String name, StatementCounter counter) throws Exception {
    // A long read block: the counts must not depend on how long the test takes.
    Replica r =
        new Replica(
            name,
            PgServer.pool("pool-" + name),
            counter::view,
            x -> x.tablePrefix(prefix).readBlock(Duration.ofMinutes(1)),
            "watched",
            "idle");
    toClose.add(r);
    return r;
  }

  @Test
  void eventsCostOneStatementEachAndLiveDeliveryOneReadPerWakeUpNotPerSubscriber()
      throws Exception {
    StatementCounter onA = new StatementCounter();
    StatementCounter onB = new StatementCounter();
    StatementCounter onC = new StatementCounter();
    Replica a = replica("a", onA);
    Replica b = replica("b", onB);
    Replica c = replica("c", onC);
    a.broadcaster("watched").send(SseEvent.of("tables, first append's trims"));
    List<RawSseClient> clients = new ArrayList<>();
    for (Replica r : List.of(b, c)) {
      for (int i = 0; i < SUBSCRIBERS_PER_REPLICA; i++) {
        RawSseClient client = r.subscribe("watched");
        toClose.add(client);
        clients.add(client);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.broadcaster("watched").subscribers() >= SUBSCRIBERS_PER_REPLICA);
    }
    for (StatementCounter counter : List.of(onA, onB, onC)) {
      counter.reset();
    }
    String last = null;
    for (int i = 1; i <= EVENTS; i++) {
      last = a.broadcaster("watched").send(SseEvent.of("e" + i));
    }
    for (RawSseClient client : clients) {
      assertThat(client.awaitEvent(EVENTS).lastEventId()).isEqualTo(last);
    }
    assertThat(onA.get("append")).isEqualTo(EVENTS);
    assertThat(onA.get("trim") + onA.get("other")).isZero(); // length trims every 1,000 events
    for (StatementCounter replica : List.of(onB, onC)) {
      // Each replica reads at most once per event (notifications arriving together share a read),
      // 20 subscribers or not, and nothing else. (Marking the followed streams for the idle
      // sweep is one statement per replica per minute at the defaults: none falls in this window.)
      assertThat(replica.get("read followed streams")).isBetween(1L, (long) EVENTS);
      assertThat(replica.get("replay") + replica.get("position") + replica.get("append")).isZero();
      assertThat(replica.get("mark followed") + replica.get("other")).isZero();
    }
    System.out.printf(
        "statements: %d events, %d subscribers on 2 replicas: appending replica %s, followers %s"
            + " and %s%n",
        EVENTS, clients.size(), onA, onB, onC);

    // A stream nobody subscribes to costs its appends and nothing else.
    onA.reset();
    onB.reset();
    onC.reset();
    for (int i = 1; i <= EVENTS; i++) {
      a.broadcaster("idle").send(SseEvent.of("e" + i));
    }
    assertThat(onA.get("append")).isEqualTo(EVENTS);
    assertThat(onA.get("read followed streams") + onA.get("other")).isZero();
    assertThat(onA.get("trim")).isLessThanOrEqualTo(1); // its first age trim from this replica
    assertThat(onB.get("read followed streams") + onC.get("read followed streams")).isZero();

    // A client resuming costs one statement; the replica already follows the stream.
    onC.reset();
    for (int i = 0; i < 10; i++) {
      try (RawSseClient resumed = c.subscribe("watched", "Last-Event-ID: " + last)) {
        assertThat(resumed.status).isEqualTo(200);
      }
    }
    assertThat(onC.get("replay")).isEqualTo(10);
    assertThat(onC.get("position")).isZero();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.broadcaster("watched").subscribers() >= SUBSCRIBERS_PER_REPLICA);
  }
}
