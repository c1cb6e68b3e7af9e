package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.jdbc.FaultyContextSeam.Fault;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * J2 at the edges of a call: whatever throws between taking a connection from the pool and giving
 * it back (the call's context, the connection itself), the connection goes back.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class ConnectionReturnTest {
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

  @Test
  void connectionThatCanNeitherRollBackNorAbortIsStillClosed() {
    try (HikariDataSource pool = new H2().pool("refusing", 1);
        Seam seam = AsyncJdbc.seamFor("refusing", pool).build()) {
      DataSource refusing = refusing(pool, "rollback", "abort");
      try (AsyncJdbc jdbc = AsyncJdbc.builder(refusing, seam).build()) {
        // Left without auto-commit, so giving it back needs a rollback, which fails: evict.
        assertThat(jdbc.useConnection(c -> c.setAutoCommit(false))).succeedsWithin(WAIT);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
      }
    }
  }

  /**
   * J7's way out: a change the lease cannot undo (here the driver refuses to switch read-only back)
   * evicts the connection instead of handing it to the next borrower, and the log says so.
   */
  @Test
  void connectionWhoseChangeCannotBeUndoneIsEvictedAndTheLogSaysSo() throws Exception {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:unrestorable;DB_CLOSE_DELAY=-1");
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setPoolName("unrestorable");
    config.setMaximumPoolSize(1);
    config.setDataSource(refusingReadWrite(h2));
    try (LogCapture log = new LogCapture("dev.seam.jdbc");
        HikariDataSource pool = new HikariDataSource(config);
        Seam seam = AsyncJdbc.seamFor("unrestorable", pool).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      Connection physical;
      try (Connection c = pool.getConnection()) {
        physical = c.unwrap(Connection.class);
      }
      assertThat(jdbc.useConnection(c -> c.setReadOnly(true))).succeedsWithin(WAIT);
      assertThat(log.warnings())
          .anySatisfy(w -> assertThat(w).contains("read-only", "evicting it from the pool"));
      try (Connection c = pool.getConnection()) {
        assertThat(c.unwrap(Connection.class)).isNotSameAs(physical);
        assertThat(c.isReadOnly()).isFalse();
      }
    }
  }

  /** Connections that switch to read-only but refuse to switch back. */
  private static DataSource refusingReadWrite(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            ConnectionReturnTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection real = (Connection) result;
              return Proxy.newProxyInstance(
                  ConnectionReturnTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("setReadOnly") && !(Boolean) a[0]) {
                      throw new SQLFeatureNotSupportedException("read-write refused on purpose");
                    }
                    return invoke(real, m, a);
                  });
            });
  }

  /** A data source whose connections throw from the named methods, over a pool. */
  private static DataSource refusing(DataSource pool, String... methods) {
    Set<String> refused = Set.of(methods);
    return (DataSource)
        Proxy.newProxyInstance(
            ConnectionReturnTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(pool, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection real = (Connection) result;
              return Proxy.newProxyInstance(
                  ConnectionReturnTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (refused.contains(m.getName())) {
                      throw new SQLFeatureNotSupportedException(
                          m.getName() + " refused on purpose");
                    }
                    return invoke(real, m, a);
                  });
            });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
