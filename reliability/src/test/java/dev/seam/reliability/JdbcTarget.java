package dev.seam.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A database behind a pool and {@link AsyncJdbc}: counts, inserts (one of 500 keys, so many collide
 * and fail, and the table stays small), slow queries under deadlines shorter than they need, bad
 * SQL, and transactions that sometimes throw after writing (and must roll back).
 */
final class JdbcTarget implements SoakTarget {
  private final String name;
  private final HikariDataSource pool;
  private final Seam seam;
  private final AsyncJdbc jdbc;
  private final SlowQuery slow;

  /** A query that takes about {@code millis}, and that Statement.cancel() stops. */
  interface SlowQuery {
    String sql();

    Object parameter(int millis);
  }

  static final SlowQuery H2_SLOW =
      new SlowQuery() {
        @Override
        public String sql() {
          return "SELECT COUNT(*) FROM SYSTEM_RANGE(1, ?)";
        }

        @Override
        public Object parameter(int millis) {
          return 20_000L * millis; // roughly 20,000 rows a millisecond; the deadline decides anyway
        }
      };

  static final SlowQuery POSTGRES_SLOW =
      new SlowQuery() {
        @Override
        public String sql() {
          return "SELECT pg_sleep(?)";
        }

        @Override
        public Object parameter(int millis) {
          return millis / 1000.0;
        }
      };

  JdbcTarget(String name, HikariDataSource pool, SlowQuery slow) throws SQLException {
    this.name = name;
    this.pool = pool;
    this.slow = slow;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS soak_items");
      s.execute("CREATE TABLE soak_items (id INT PRIMARY KEY, v VARCHAR(64))");
    }
    this.seam =
        AsyncJdbc.seamFor("soak-" + name, pool)
            .maxQueued(16)
            .timeout(Duration.ofSeconds(2))
            .build();
    // A short abort bound: each cancel pins its lease until the bound passes (see RELIABILITY.md).
    this.jdbc = AsyncJdbc.builder(pool, seam).abortAfter(Duration.ofSeconds(1)).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Seam seam() {
    return seam;
  }

  /** Connections lent out of the pool now. */
  int activeConnections() {
    return pool.getHikariPoolMXBean() == null
        ? 0
        : pool.getHikariPoolMXBean().getActiveConnections();
  }

  @Override
  public CompletableFuture<?> next(SplittableRandom r) {
    int pick = r.nextInt(100);
    if (pick < 35) {
      return jdbc.queryOne("SELECT COUNT(*) FROM soak_items", row -> row.getLong(1));
    } else if (pick < 50) {
      return jdbc.update(
          "INSERT INTO soak_items (id, v) VALUES (?, ?)", r.nextInt(500), "v" + r.nextInt());
    } else if (pick < 70) {
      int needs = 50 + r.nextInt(400);
      Duration deadline = Duration.ofMillis(20 + r.nextInt(300));
      return jdbc.withTimeout(deadline)
          .queryOne(slow.sql(), row -> row.getObject(1), slow.parameter(needs));
    } else if (pick < 78) {
      return jdbc.update("UPDATE soak_itemz SET v = ?", "no such table"); // injected SQL fault
    } else {
      boolean fail = r.nextInt(3) == 0;
      int id = 10_000 + r.nextInt(1_000_000);
      return jdbc.inTransaction(
          tx -> {
            tx.update("INSERT INTO soak_items (id, v) VALUES (?, ?)", id, "tx");
            if (fail) {
              throw new IllegalStateException("injected failure after the insert of " + id);
            }
            // Committed work that leaves the table as it was, so the data never grows the heap.
            tx.update("DELETE FROM soak_items WHERE id = ?", id);
            return id;
          });
    }
  }

  @Override
  public void close() {
    jdbc.close();
    seam.close();
    pool.close();
  }
}
