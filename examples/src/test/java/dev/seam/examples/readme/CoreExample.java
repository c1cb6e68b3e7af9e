package dev.seam.examples.readme;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The README's core example, whole. */
final class CoreExample {
  static final String SQL = "SELECT id, total FROM orders WHERE status = 'OPEN'";

  private CoreExample() {}

  static SeamStats run(LegacyOrders legacyDao, Connection connection, long id) throws Exception {
    Seam orders =
        Seam.builder("orders-db")
            .maxConcurrency(10) // at most 10 calls run at once...
            .maxQueued(100) // ...and 100 wait; more are rejected through the future
            .timeout(Duration.ofSeconds(2)) // default deadline, counted from submission
            .build(); // carries MDC (and OpenTelemetry if present) by default

    CompletableFuture<Order> a = orders.call(() -> legacyDao.find(id));

    CompletableFuture<List<Order>> b =
        orders.call(
            Duration.ofMillis(300),
            call -> {
              try (PreparedStatement ps = connection.prepareStatement(SQL);
                  CallContext.Registration r = call.onCancel(ps::cancel)) { // reaches the DB
                return map(ps.executeQuery());
              }
            });

    a.join();
    b.join();
    SeamStats stats = orders.stats(); // running, queued, abandoned, timed out, p50/p99 ...
    orders.close(); // stop admission, drain for the grace period, cancel the rest
    return stats;
  }

  private static List<Order> map(ResultSet rs) throws java.sql.SQLException {
    List<Order> out = new ArrayList<>();
    while (rs.next()) {
      out.add(Order.map(rs));
    }
    return out;
  }
}
