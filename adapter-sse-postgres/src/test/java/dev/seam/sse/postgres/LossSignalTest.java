package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each way PostgreSQL loses a client's history ends in one {@code resync}, never in the wrong
 * events nor in silence: the stream's row deleted (as the idle-stream expiry or an operator would)
 * and written again, whose numbers start again at 1 under a new epoch; both tables truncated; the
 * events table alone truncated, which keeps the stream's row and its numbering; and the stream lost
 * with nothing written since. (A trimmed id: {@code
 * CrossReplicaTest.anIdOlderThanTheLogGetsOneResyncEventThenTheNewEvents}.)
 */
@ExtendWith(SeamLeakCheck.class)
class LossSignalTest {
  private static final String STREAM = "job";

  private final String prefix = PgServer.prefix("loss");
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

  @Test
  void anIdOfAStreamWhoseRowWasDeletedAndWrittenAgainGetsOneResync() throws Exception {
    resyncAfter(a -> deleteRow(a));
  }

  @Test
  void anIdOfAStreamWhoseTablesWereTruncatedAndWrittenAgainGetsOneResync() throws Exception {
    resyncAfter(
        a -> PgServer.execute("TRUNCATE " + a.log.streamsTable() + ", " + a.log.eventsTable()));
  }

  @Test
  void anIdOfAStreamWhoseEventsTableAloneWasTruncatedGetsOneResync() throws Exception {
    resyncAfter(a -> PgServer.execute("TRUNCATE " + a.log.eventsTable()));
  }

  @Test
  void anIdOfAStreamWhoseRowWasLostGetsOneResyncAndThenEverythingWrittenSince() throws Exception {
    Replica a = closing(new Replica("a", prefix, STREAM));
    Replica b = closing(new Replica("b", prefix, STREAM));
    List<String> old = send(a, 5);
    deleteRow(a);
    String resyncId;
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + old.get(4))) {
      Dispatched resync = client.awaitEvent(1);
      assertThat(resync.type()).isEqualTo("resync");
      resyncId = resync.lastEventId(); // nothing is held: the stream starts again from there
    }
    List<String> now = send(a, 2);
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + resyncId)) {
      assertThat(client.awaitEvent(1)).isEqualTo(new Dispatched("message", "1", now.get(0)));
      assertThat(client.awaitEvent(2)).isEqualTo(new Dispatched("message", "2", now.get(1)));
    }
  }

  @Test
  void aFollowedStreamThatLosesItsHistoryEndsItsSubscribersWhoThenGetOneResync() throws Exception {
    Replica a = closing(new Replica("a", prefix, STREAM));
    Replica b = closing(new Replica("b", prefix, STREAM));
    List<String> old = send(a, 3);
    String resumeFrom;
    try (RawSseClient watching = b.subscribe(STREAM, "Last-Event-ID: " + old.get(2))) {
      String live = a.broadcaster(STREAM).send(SseEvent.of("live"));
      assertThat(watching.awaitEvent(1).lastEventId()).isEqualTo(live);
      deleteRow(a);
      send(a, 1); // a new life under a new epoch, numbered from 1 again
      watching.readToEnd(); // the stream ends with a retry hint rather than mixing two lives
      assertThat(watching.parser().events()).hasSize(1);
      assertThat(watching.parser().retry()).isPositive();
      resumeFrom = live;
    }
    try (RawSseClient back = b.subscribe(STREAM, "Last-Event-ID: " + resumeFrom)) {
      assertThat(back.awaitEvent(1).type()).isEqualTo("resync");
    }
  }

  private interface Loss {
    void lose(Replica a) throws Exception;
  }

  private void resyncAfter(Loss loss) throws Exception {
    Replica a = closing(new Replica("a", prefix, STREAM));
    Replica b = closing(new Replica("b", prefix, STREAM));
    List<String> old = send(a, 5);
    loss.lose(a);
    List<String> now = send(a, 3); // the new life's numbers overlap the client's
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + old.get(1))) {
      assertThat(client.awaitEvent(1)).isEqualTo(new Dispatched("resync", now.get(2), now.get(2)));
      String next = a.broadcaster(STREAM).send(SseEvent.of("live"));
      assertThat(client.awaitEvent(2)).isEqualTo(new Dispatched("message", "live", next));
    }
  }

  private static List<String> send(Replica r, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(r.broadcaster(STREAM).send(SseEvent.of(Integer.toString(i))));
    }
    return ids;
  }

  private static void deleteRow(Replica r) throws Exception {
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + r.log.streamsTable() + " WHERE name = ?")) {
      ps.setString(1, STREAM);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }
}
