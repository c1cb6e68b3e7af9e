package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseAppendOutcomeUnknownException;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLogException;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slow database: {@code send} waits no longer than the log's deadline, is refused at once when
 * the log's queue is full, and says "may be stored" only when its statement reached PostgreSQL. The
 * slowness is a lock on the stream's row held by the test, so the append's statement is on the
 * server, waiting.
 */
@ExtendWith(SeamLeakCheck.class)
class AppendOutcomeTest {
  private final String prefix = PgServer.prefix("outcome");

  @BeforeEach
  void postgres() {
    PgServer.assumeReachable();
  }

  @AfterEach
  void clean() throws SQLException {
    PgServer.dropTables(prefix);
  }

  @Test
  void anAppendPastItsDeadlineSaysTheOutcomeIsUnknownAndItsCancelReachesTheServer()
      throws Exception {
    try (HikariDataSource pool = PgServer.pool("outcome");
        PostgresSseEventLog log =
            PostgresSseEventLog.builder(pool).name("outcome").tablePrefix(prefix).build();
        SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
        Connection holder = PgServer.admin()) {
      broadcaster.send(SseEvent.of("stored"));
      lockRow(holder, log);
      // At the default deadline (2 s): the statement was sent, so it may have been stored.
      assertThat(catchThrowable(() -> broadcaster.send(SseEvent.of("late"))))
          .isInstanceOf(SseAppendOutcomeUnknownException.class)
          .hasMessageContaining("stream 'job'")
          .hasMessageContaining(log.eventsTable())
          .hasMessageContaining("may have been stored");
      await().atMost(Duration.ofSeconds(10)).until(() -> waiting(log) == 0); // cancelled there
      holder.rollback();
      assertThat(rows(log)).isEqualTo(1);
    }
  }

  @Test
  void aFullQueueRefusesAtOnceAndAnInterruptedAppendSaysTheOutcomeIsUnknown() throws Exception {
    try (HikariDataSource pool = PgServer.pool("outcome");
        PostgresSseEventLog log =
            PostgresSseEventLog.builder(pool)
                .name("outcome")
                .tablePrefix(prefix)
                .concurrency(1, 0)
                .timeout(Duration.ofSeconds(30))
                .build();
        SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
        Connection holder = PgServer.admin()) {
      broadcaster.send(SseEvent.of("stored"));
      lockRow(holder, log);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread producer =
          new Thread(
              () -> {
                try {
                  broadcaster.send(SseEvent.of("waiting"));
                } catch (RuntimeException e) {
                  thrown.set(e);
                }
              },
              "outcome-producer");
      producer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> waiting(log) == 1);
      // The log's only worker is busy with that append: this one is refused before it is sent.
      assertThat(catchThrowable(() -> broadcaster.send(SseEvent.of("refused"))))
          .isInstanceOf(SseEventLogException.class)
          .isNotInstanceOf(SseAppendOutcomeUnknownException.class);
      producer.interrupt(); // a cancelled job, a shutdown
      producer.join(10_000);
      assertThat(thrown.get())
          .isInstanceOf(SseAppendOutcomeUnknownException.class)
          .hasMessageContaining("may");
      await().atMost(Duration.ofSeconds(10)).until(() -> waiting(log) == 0);
      holder.rollback();
      assertThat(rows(log)).isEqualTo(1); // the interrupt's cancel reached it; the refused not sent
    }
  }

  /** Holds the stream row's lock in an open transaction, as a long writer would. */
  private static void lockRow(Connection holder, PostgresSseEventLog log) throws SQLException {
    holder.setAutoCommit(false);
    try (PreparedStatement ps =
        holder.prepareStatement(
            "SELECT last_n FROM " + log.streamsTable() + " WHERE name = 'job' FOR UPDATE")) {
      ps.executeQuery().close();
    }
  }

  /** Appends of this test that wait on a lock, as the server sees them. */
  private static int waiting(PostgresSseEventLog log) throws SQLException {
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE ?")) {
      ps.setString(1, "%INSERT INTO " + log.streamsTable() + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long rows(PostgresSseEventLog log) throws SQLException {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + log.eventsTable())) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
