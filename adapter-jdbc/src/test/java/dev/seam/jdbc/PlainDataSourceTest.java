package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AsyncJdbc needs no pool: over a plain DataSource, a cancelled call's connection is closed. */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class PlainDataSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void worksOverAPlainDataSourceAndClosesTheConnectionOfACancelledCall() {
    JdbcDataSource plain = new JdbcDataSource();
    plain.setURL("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1");
    AtomicReference<Connection> physical = new AtomicReference<>();
    try (Seam seam = Seam.builder("plain").maxConcurrency(2).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(plain, seam).build()) {
      assertThat(jdbc.queryOne("SELECT 6 * 7", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(42L));
      CompletableFuture<Long> slow =
          jdbc.withConnection(
              c -> {
                physical.set(c.unwrap(Connection.class));
                try (PreparedStatement ps = c.prepareStatement(new H2().slowQuery());
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      await().atMost(WAIT).until(() -> physical.get() != null);
      await().pollInterval(Duration.ofMillis(5)).atMost(WAIT).until(() -> slowRunning(jdbc) > 0);
      slow.cancel(true);
      assertThat(slow).failsWithin(WAIT).withThrowableOfType(CancellationException.class);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
      assertThat(physical.get()).satisfies(c -> assertThat(c.isClosed()).isTrue());
      assertThat(jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(1L));
    }
  }

  private static long slowRunning(AsyncJdbc jdbc) {
    return jdbc.queryOne(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE"
                + " 'SELECT MAX(X + 1)%'",
            JdbcTestBase::firstLong)
        .join()
        .orElse(0L);
  }
}
