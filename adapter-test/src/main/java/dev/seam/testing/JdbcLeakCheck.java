package dev.seam.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which leaves a pooled connection borrowed (HikariCP active
 * connections above zero), or a PostgreSQL statement of its pools still running on the server (a
 * row in {@code pg_stat_activity} that is not idle).
 *
 * <p>The pools are the open {@code HikariDataSource}s in the test instance's fields (superclasses
 * and enclosing {@code @Nested} instances included), or any data source that unwraps to one. The
 * check runs right after the test method, before {@code @AfterEach} methods, which usually close
 * the pools. A cancelled call gives its connection back on its own worker a moment after its future
 * completed, so the check waits up to a grace period (five seconds by default) for the pools and
 * the server to settle before it fails; a test that leaks nothing pays no wait.
 *
 * <p>PostgreSQL statements are matched by the {@code application_name} of the pool's connections,
 * so give each pool a name no other client uses (for example {@code
 * config.addDataSourceProperty("ApplicationName", "orders-test-" + ProcessHandle.current().pid())})
 * when several test JVMs share a server. Needs HikariCP on the test class path; other databases get
 * the pool check only.
 *
 * <pre>{@code @ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class}) class OrdersDaoTest { ... }}
 * </pre>
 *
 * <p>Thread-safety: JUnit calls the extension on the test's thread; {@link #verify} may be called
 * from any thread and borrows one connection per PostgreSQL pool to ask the server.
 *
 * @since 0.1
 */
public final class JdbcLeakCheck implements AfterTestExecutionCallback {
  private static final long POLL_MILLIS = 10;

  private final Duration grace;

  /** Creates the extension with a five-second grace period; JUnit does this. */
  public JdbcLeakCheck() {
    this(Duration.ofSeconds(5));
  }

  /**
   * Creates the extension, for {@code @RegisterExtension} or for calling {@link #verify} by hand.
   *
   * @param grace how long a leak may take to clear before the test fails; zero checks once
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public JdbcLeakCheck(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace < 0: " + grace);
    }
    this.grace = grace;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws InterruptedException {
    List<DataSource> pools = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      pools.addAll(poolsIn(instance));
    }
    verify(pools);
  }

  /**
   * Fails if a pool still has a borrowed connection or a PostgreSQL statement running after the
   * grace period. Closed pools and data sources that are not HikariCP pools are skipped.
   *
   * @param pools the pools to check
   * @throws AssertionError naming each pool, its active count, and the server's running statements
   * @throws InterruptedException if interrupted while waiting for the pools to settle
   */
  public void verify(List<? extends DataSource> pools) throws InterruptedException {
    List<HikariDataSource> hikari = new ArrayList<>();
    for (DataSource ds : pools) {
      HikariDataSource h = unwrap(ds);
      if (h != null && !h.isClosed() && !hikari.contains(h)) {
        hikari.add(h);
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      List<String> leaks = new ArrayList<>();
      for (HikariDataSource pool : hikari) {
        leaks.addAll(leaksOf(pool));
      }
      if (leaks.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "test leaked JDBC resources (still there "
                + grace.toMillis()
                + " ms after it ended):\n  "
                + String.join("\n  ", leaks));
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // polling an external server: nothing to wait on
    }
  }

  private static List<String> leaksOf(HikariDataSource pool) {
    int active = pool.getHikariPoolMXBean().getActiveConnections();
    if (active > 0) {
      return List.of(
          "pool '"
              + pool.getPoolName()
              + "': "
              + active
              + " connection(s) still borrowed (HikariCP active connections)");
    }
    try {
      return runningOnPostgres(pool);
    } catch (SQLException e) {
      return List.of(
          "pool '" + pool.getPoolName() + "': cannot ask the server what runs: " + e.getMessage());
    }
  }

  private static List<String> runningOnPostgres(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
        return List.of();
      }
      List<String> running = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT pid, state, query FROM pg_stat_activity"
                  + " WHERE application_name = current_setting('application_name')"
                  + " AND pid <> pg_backend_pid() AND state IS NOT NULL AND state <> 'idle'")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            running.add(
                "pool '"
                    + pool.getPoolName()
                    + "': PostgreSQL backend "
                    + rs.getInt(1)
                    + " is "
                    + rs.getString(2)
                    + ": "
                    + rs.getString(3));
          }
        }
      }
      return running;
    }
  }

  private static List<DataSource> poolsIn(Object instance) {
    Set<DataSource> found = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Class<?> k = instance.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!DataSource.class.isAssignableFrom(f.getType())) {
          continue;
        }
        Object value = read(f, instance);
        if (value instanceof DataSource ds) {
          found.add(ds);
        }
      }
    }
    return new ArrayList<>(found);
  }

  private static Object read(Field f, Object instance) {
    try {
      f.setAccessible(true);
      return f.get(java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? null : instance);
    } catch (IllegalAccessException | InaccessibleObjectException e) {
      return null; // a field the check cannot see is one it cannot check
    }
  }

  private static HikariDataSource unwrap(DataSource ds) {
    if (ds instanceof HikariDataSource h) {
      return h;
    }
    try {
      return ds != null && ds.isWrapperFor(HikariDataSource.class)
          ? ds.unwrap(HikariDataSource.class)
          : null;
    } catch (SQLException e) {
      return null;
    }
  }
}
