package dev.seam.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

class OrdersTest {
  @Test
  void queriesAndUpdatesRunThroughThePublishedArtifacts() throws Exception {
    JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:mem:consumer;DB_CLOSE_DELAY=-1", "sa", "");
    try (Connection c = h2.getConnection()) {
      c.createStatement().execute("CREATE TABLE orders (id IDENTITY PRIMARY KEY, name VARCHAR(40))");
    }
    try (Orders orders = new Orders(h2)) {
      assertEquals(1, orders.add("first").get(5, TimeUnit.SECONDS));
      assertEquals(List.of("first"), orders.names().get(5, TimeUnit.SECONDS));
    }
    assertEquals("3", Orders.progress(3).data());
    h2.dispose();
  }

  @Test
  void theTestKitsManualClockDrivesADeadline() throws Exception {
    ManualClock clock = new ManualClock();
    CountDownLatch started = new CountDownLatch(1);
    try (Seam seam =
        Seam.builder("consumer-clock").clock(clock).timeout(Duration.ofSeconds(1)).build()) {
      CompletableFuture<String> call =
          seam.call(
              () -> {
                started.countDown();
                new CountDownLatch(1).await(); // a downstream that never answers: the deadline interrupts it
                return "never";
              });
      assertTrue(started.await(5, TimeUnit.SECONDS));
      clock.advance(Duration.ofSeconds(2));
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
      assertInstanceOf(SeamTimeoutException.class, failure.getCause());
    }
  }
}
