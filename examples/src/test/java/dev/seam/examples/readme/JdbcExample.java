package dev.seam.examples.readme;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.jdbc.Isolation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** The README's JDBC example, whole. */
final class JdbcExample {
  private JdbcExample() {}

  static long run(HikariConfig config, OrderDao legacyDao, long id, String sku) {
    HikariDataSource pool = new HikariDataSource(config);
    Seam db =
        AsyncJdbc.seamFor("orders-db", pool) // maxConcurrency = pool size, no interrupts
            .timeout(Duration.ofSeconds(2))
            .build();
    AsyncJdbc jdbc = AsyncJdbc.builder(pool, db).build();

    CompletableFuture<List<Order>> open =
        jdbc.query("SELECT id, total FROM orders WHERE status = ?", Order::map, "OPEN");
    CompletableFuture<Order> legacy =
        jdbc.withTimeout(Duration.ofSeconds(1)).withConnection(conn -> legacyDao.find(conn, id));
    CompletableFuture<Long> left =
        jdbc.inTransaction(
            Isolation.REPEATABLE_READ,
            tx -> {
              tx.update("UPDATE stock SET qty = qty - ? WHERE sku = ?", 1, sku);
              tx.update("INSERT INTO orders (sku) VALUES (?)", sku);
              return tx.queryOne("SELECT qty FROM stock WHERE sku = ?", rs -> rs.getLong(1), sku)
                  .orElseThrow();
            });
    Flow.Publisher<Order> all = jdbc.stream("SELECT id, total FROM orders", Order::map);

    try (pool;
        db) {
      open.join();
      legacy.join();
      ReadmeExamplesTest.drain(all);
      return left.join();
    }
  }
}
