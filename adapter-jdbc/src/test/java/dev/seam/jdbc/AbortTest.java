package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * J2's last resort: a statement that does not answer its cancel gets its connection aborted after
 * the bound, and the connection never goes back to the pool.
 */
class AbortTest extends JdbcTestBase {
  @Override
  Db db() {
    return new H2();
  }

  @Test
  void statementThatIgnoresCancelHasItsConnectionAbortedAndEvicted() throws Exception {
    DeafFunction.GATE.set(new CountDownLatch(1));
    jdbc.update("CREATE ALIAS DEAF FOR '" + DeafFunction.class.getName() + ".deaf'").join();
    AsyncJdbc quickAbort = AsyncJdbc.builder(pool, seam).abortAfter(Duration.ofMillis(300)).build();
    AtomicReference<Connection> physical = new AtomicReference<>();
    try (LogCapture log = new LogCapture("dev.seam.jdbc")) {
      CompletableFuture<Integer> f =
          quickAbort.withConnection(
              c -> {
                physical.set(c.unwrap(Connection.class));
                try (PreparedStatement ps = c.prepareStatement("SELECT DEAF()");
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> physical.get() != null);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> DeafFunction.GATE.get().getCount() == 1 && slowDeafRunning());
      assertThat(f).isNotDone();
      f.cancel(true);
      await("abort warning").atMost(Duration.ofSeconds(10)).until(() -> !log.warnings().isEmpty());
      assertThat(log.warnings().get(0)).contains("did not return its connection", "aborting");
      DeafFunction.GATE.get().countDown();
      awaitWorkersReturned();
      MEASURED.info(
          "H2: a statement deaf to cancel had its connection aborted after the 300 ms bound");
    } finally {
      DeafFunction.GATE.get().countDown();
      quickAbort.close();
    }
    // H2's abort does nothing: the pool closes the evicted connection, on a thread of its own.
    await("evicted and closed").atMost(Duration.ofSeconds(10)).until(physical.get()::isClosed);
    assertThat(jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong).join()).contains(1L);
  }

  private boolean slowDeafRunning() throws java.sql.SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                    + " WHERE EXECUTING_STATEMENT = 'SELECT DEAF()'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }
}
