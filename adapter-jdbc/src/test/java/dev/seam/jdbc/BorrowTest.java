package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.SeamCallException;
import dev.seam.jdbc.FaultyContextSeam.Fault;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * J2 at the edges of a borrow: whatever the call's context throws between taking a connection from
 * the pool and giving it back, the connection goes back.
 */
@ExtendWith(SeamLeakCheck.class)
class BorrowTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"ON_CANCEL", "IS_CANCELLED"})
  void callFailsAndTheConnectionGoesBackWhenTheContextThrowsAfterTheBorrow(Fault fault) {
    try (HikariDataSource pool = new H2().pool("borrow-" + fault, 1);
        FaultyContextSeam seam =
            new FaultyContextSeam(AsyncJdbc.seamFor("borrow", pool).build(), fault);
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      CompletableFuture<Optional<Long>> f = jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong);
      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(SeamCallException.class)
          .havingCause()
          .isInstanceOfAny(RejectedExecutionException.class, IllegalStateException.class);
      // The worker gives the connection back before the call returns, so before f completes.
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = "REGISTRATION_CLOSE")
  void callSucceedsAndTheConnectionGoesBackWhenDroppingTheHookThrows(Fault fault) {
    try (HikariDataSource pool = new H2().pool("borrow-" + fault, 1);
        FaultyContextSeam seam =
            new FaultyContextSeam(AsyncJdbc.seamFor("borrow", pool).build(), fault);
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      assertThat(jdbc.queryOne("SELECT 41 + 1", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(42L));
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }
}
