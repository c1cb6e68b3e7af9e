package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLogException;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL goes away ({@code pg_ctl stop -m fast}) and comes back: nothing acknowledged is lost,
 * producers fail clearly within the deadline, subscribers get a retry hint and resume. The server
 * is a throwaway one of this test's own: the machine's shared server must not be restarted.
 */
@ExtendWith(SeamLeakCheck.class)
class PostgresRestartTest {
  private PrivatePostgres pg;
  private Replica a;
  private Replica b;

  @BeforeEach
  void postgres() throws Exception {
    pg = PrivatePostgres.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (Replica r : new Replica[] {b, a}) {
        if (r != null) {
          r.close();
        }
      }
    } finally {
      pg.close();
    }
  }

  private static boolean answers(Replica r) throws Exception {
    try (Connection c = r.pool.getConnection()) {
      return c.isValid(1);
    }
  }

  @Test
  void acknowledgedEventsSurviveARestartProducersFailClearlyAndClientsResume() throws Exception {
    UnaryOperator<PostgresSseEventLogBuilder> options = x -> x.timeout(Duration.ofSeconds(1));
    a = new Replica("a", pg.pool("a"), options, "job");
    b = new Replica("b", pg.pool("b"), options, "job");
    List<String> acknowledged = new ArrayList<>();
    String lastSeen;
    try (RawSseClient onB = b.subscribe("job")) {
      for (int i = 1; i <= 10; i++) {
        acknowledged.add(a.broadcaster("job").send(SseEvent.of("step " + i)));
      }
      lastSeen = onB.awaitEvent(10).lastEventId();
      pg.stop();
      try {
        // The producer is told within its deadline that its event was not stored...
        assertThatThrownBy(() -> a.broadcaster("job").send(SseEvent.of("lost")))
            .isInstanceOf(SseEventLogException.class)
            .hasMessageContaining("stream 'job'")
            .hasMessageContaining(a.log.eventsTable());
        // ...the open stream ends with a retry hint, so its client comes back with its id...
        onB.readToEnd();
        assertThat(onB.parser().retry()).isPositive();
        assertThat(onB.parser().events()).hasSize(10);
        // ...and a client that comes back while PostgreSQL is away is asked to come back later.
        try (RawSseClient early = b.subscribe("job", "Last-Event-ID: " + lastSeen)) {
          assertThat(early.status).isEqualTo(200);
          early.readToEnd();
          assertThat(early.parser().retry()).isPositive();
          assertThat(early.parser().events()).isEmpty();
        }
      } finally {
        pg.startAgain();
      }
    }
    // The pools find their broken connections and open new ones at their own pace: the log's
    // calls resume once the pool answers.
    for (Replica r : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> answers(r));
    }
    for (int i = 11; i <= 20; i++) {
      acknowledged.add(a.broadcaster("job").send(SseEvent.of("step " + i)));
    }
    try (RawSseClient back = b.subscribe("job", "Last-Event-ID: " + lastSeen)) {
      back.awaitEvent(10);
      assertThat(back.parser().events())
          .extracting(Dispatched::lastEventId)
          .containsExactlyElementsOf(acknowledged.subList(10, 20));
    }
    List<String> kept = new ArrayList<>();
    try (Connection c = pg.pool("check").getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT epoch || '-' || n FROM " + a.log.eventsTable() + " ORDER BY n")) {
      while (rs.next()) {
        kept.add(rs.getString(1));
      }
    }
    assertThat(kept).containsExactlyElementsOf(acknowledged);
  }
}
