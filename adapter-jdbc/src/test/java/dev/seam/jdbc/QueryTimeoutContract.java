package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The deadline as the server-side query timeout (J3), on a pool of one connection, so that every
 * call reuses the same session: a statement always has the time left of its own call, while a
 * driver that keeps the timeout per session (H2) is asked to set it only when it changes within the
 * call, and gets the session's own value back when the call ends.
 */
abstract class QueryTimeoutContract extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** The query timeout a new statement of the call has. */
  private static final ConnectionCallback<Integer> NEW_STATEMENT_TIMEOUT =
      c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
          return ps.getQueryTimeout();
        }
      };

  private final ManualClock clock = new ManualClock();

  /** Whether the driver keeps the query timeout per session (H2), not per statement (pgjdbc). */
  abstract boolean timeoutIsASessionSetting();

  /** How many {@code setQueryTimeout} calls reach the driver for so many new statements. */
  private int expectedSets(int statements, int onASession) {
    return timeoutIsASessionSetting() ? onASession : statements;
  }

  /**
   * On H2 a call sets its deadline on the session once, however many statements it makes, and puts
   * the session's own timeout back when the connection goes back (J7): two settings per call. A
   * driver that keeps the timeout per statement gets it on each statement and nothing put back.
   */
  @Test
  void theDeadlineIsSentOncePerCallAndTheSessionsOwnTimeoutPutBack() throws Exception {
    StatementSpy spy = StatementSpy.counting();
    try (HikariDataSource one = db().pool("timeouts-" + db(), 1);
        Seam manual = AsyncJdbc.seamFor("timeouts", one).clock(clock).timeout(DEADLINE).build();
        AsyncJdbc spied = AsyncJdbc.builder(spy.over(one), manual).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(
                spied.withConnection(
                    c ->
                        List.of(
                            NEW_STATEMENT_TIMEOUT.withConnection(c),
                            NEW_STATEMENT_TIMEOUT.withConnection(c))))
            .succeedsWithin(WAIT)
            .isEqualTo(List.of(10, 10));
        assertThat(spied.queryOne("SELECT 1", JdbcTestBase::firstLong))
            .succeedsWithin(WAIT)
            .isEqualTo(Optional.of(1L));
      }
      assertThat(spy.queryTimeoutsSet).hasValue(expectedSets(9, 12));
    }
  }

  @Test
  void aLaterStatementWhoseTimeLeftRoundsToTheSameSecondsIsNotSentAgain() throws Exception {
    StatementSpy spy = StatementSpy.counting();
    try (HikariDataSource one = db().pool("timeouts-" + db(), 1);
        Seam manual = AsyncJdbc.seamFor("timeouts", one).clock(clock).timeout(DEADLINE).build();
        AsyncJdbc spied = AsyncJdbc.builder(spy.over(one), manual).build()) {
      CompletableFuture<List<Integer>> timeouts =
          spied.withConnection(
              c -> {
                int first = NEW_STATEMENT_TIMEOUT.withConnection(c);
                clock.advance(Duration.ofMillis(800)); // 9.2 s left: rounds up to 10
                int second = NEW_STATEMENT_TIMEOUT.withConnection(c);
                clock.advance(Duration.ofSeconds(1)); // 8.2 s left: 9
                int third = NEW_STATEMENT_TIMEOUT.withConnection(c);
                return List.of(first, second, third, NEW_STATEMENT_TIMEOUT.withConnection(c));
              });
      assertThat(timeouts).succeedsWithin(WAIT).isEqualTo(List.of(10, 10, 9, 9));
      // H2: 10 and 9 on the session, then its own value put back.
      assertThat(spy.queryTimeoutsSet).hasValue(expectedSets(4, 3));
    }
  }

  @Test
  void aTimeoutTheUserSetHoldsForTheirStatementAndTheNextCallGetsItsDeadline() throws Exception {
    try (HikariDataSource one = db().pool("timeouts-" + db(), 1);
        Seam manual = AsyncJdbc.seamFor("timeouts", one).clock(clock).timeout(DEADLINE).build();
        AsyncJdbc jdbcOnOne = AsyncJdbc.builder(one, manual).build()) {
      ConnectionCallback<Integer> userSetsThirty =
          c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
              ps.setQueryTimeout(30);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
              }
              return ps.getQueryTimeout();
            }
          };
      assertThat(jdbcOnOne.withConnection(userSetsThirty)).succeedsWithin(WAIT).isEqualTo(30);
      assertThat(jdbcOnOne.withConnection(NEW_STATEMENT_TIMEOUT))
          .as("the next call on the same connection, whose session the user left at 30 s")
          .succeedsWithin(WAIT)
          .isEqualTo(10);
    }
  }

  @Test
  void aStatementCreatedLaterInTheCallGetsTheTimeThenLeft() throws Exception {
    try (HikariDataSource one = db().pool("timeouts-" + db(), 1);
        Seam manual = AsyncJdbc.seamFor("timeouts", one).clock(clock).timeout(DEADLINE).build();
        AsyncJdbc jdbcOnOne = AsyncJdbc.builder(one, manual).build()) {
      CompletableFuture<List<Integer>> timeouts =
          jdbcOnOne.withConnection(
              c -> {
                int first = NEW_STATEMENT_TIMEOUT.withConnection(c);
                clock.advance(Duration.ofSeconds(4));
                return List.of(first, NEW_STATEMENT_TIMEOUT.withConnection(c));
              });
      assertThat(timeouts).succeedsWithin(WAIT).isEqualTo(List.of(10, 6));
    }
  }

  @Test
  void aCallWithoutADeadlineInPracticeGetsTheLongestTimeoutDriversTake() {
    ConnectionCallback<Long> timeoutAndResult =
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return ps.getQueryTimeout() * 10L + rs.getLong(1);
          }
        };
    assertThat(jdbc.withTimeout(ChronoUnit.FOREVER.getDuration()).withConnection(timeoutAndResult))
        .as("about 24.8 days: H2 keeps int milliseconds")
        .succeedsWithin(WAIT)
        .isEqualTo((Integer.MAX_VALUE / 1000) * 10L + 1);
  }

  /**
   * J3 as the backstop: Seam's {@code Statement.cancel()} is lost, and the query still stops at the
   * server-side timeout (SQLState 57014, where PostgreSQL's sleep would otherwise end normally and
   * H2's query would run for hours), long before the connection would be aborted. The first call
   * shows the timeout a statement of the slow call gets.
   */
  @Test
  void theQueryTimeoutStopsTheQueryWhenSeamsCancelIsLost() throws Exception {
    StatementSpy spy = StatementSpy.deafToCancel();
    // Rounds up to a 2 s query timeout: the lost cancel comes first, the timeout a little later.
    Duration deadline = Duration.ofMillis(1_200);
    AtomicReference<String> stoppedWith = new AtomicReference<>();
    try (LogCapture log = new LogCapture("dev.seam.jdbc");
        HikariDataSource one = db().pool("backstop-" + db(), 1);
        Seam short1 = AsyncJdbc.seamFor("backstop", one).timeout(deadline).build();
        AsyncJdbc deaf =
            AsyncJdbc.builder(spy.over(one), short1).abortAfter(Duration.ofSeconds(30)).build()) {
      assertThat(deaf.withConnection(NEW_STATEMENT_TIMEOUT)).succeedsWithin(WAIT).isEqualTo(2);
      CompletableFuture<Long> slow =
          deaf.withConnection(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(db().slowQuery());
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  stoppedWith.set("ran to its end");
                  return 0L;
                } catch (SQLException e) {
                  stoppedWith.set(db().stoppedState(e));
                  throw e;
                }
              });
      assertThat(slow)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      spy.awaitCancelDropped();
      await("the worker stopped by the query timeout")
          .atMost(Duration.ofSeconds(15))
          .until(() -> short1.stats().running() == 0);
      assertThat(stoppedWith).hasValue(db().cancelledState());
      assertThat(log.warnings()).noneMatch(w -> w.contains("aborting"));
      assertThat(slowQueriesRunning()).isZero();
    }
  }
}
