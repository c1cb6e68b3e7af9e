package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migrating one bounded context while another stays sync: the orders context answers through its
 * async shell on its own seam, the inventory context is still called directly on the request
 * thread, and both serve the same page. Moving inventory later means adding its seam; nothing in
 * orders changes.
 */
@ExtendWith(SeamLeakCheck.class)
class TwoContextsTest {

  @Test
  void migratedOrdersAndSyncInventoryServeOnePage() throws Exception {
    LegacyOrders legacyOrders = mock(LegacyOrders.class);
    when(legacyOrders.find(7)).thenReturn(new Order(7, 2_500));
    StockClient inventory = sku -> new Stock(sku, 12); // still sync, called in place

    try (Seam ordersDb =
        Seam.builder("orders-db").maxConcurrency(4).timeout(Duration.ofSeconds(2)).build()) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacyOrders, ordersDb); // migrated
      String callerThread = Thread.currentThread().getName();

      CompletableFuture<Order> order = orders.find(7); // on a seam worker
      Stock stock = inventory.get("SKU-7"); // on this thread, as before the migration
      Page page = new Page(order.get(2, java.util.concurrent.TimeUnit.SECONDS), stock);

      assertThat(page).isEqualTo(new Page(new Order(7, 2_500), new Stock("SKU-7", 12)));
      assertThat(ordersDb.stats().succeeded()).isEqualTo(1);
      assertThat(Thread.currentThread().getName()).isEqualTo(callerThread);
    }
  }

  @Test
  void theAdaptedShellRunsOnTheSeamNotOnTheCaller() throws Exception {
    String[] ranOn = new String[1];
    LegacyOrders legacy =
        new LegacyOrders() {
          @Override
          public Order find(long id) {
            ranOn[0] = Thread.currentThread().getName();
            return new Order(id, 1);
          }

          @Override
          public int countOpen(String customer) {
            return 0;
          }
        };
    try (Seam ordersDb = Seam.builder("orders-db").build()) {
      Seam.adapt(AsyncOrders.class, legacy, ordersDb)
          .find(1)
          .get(2, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ranOn[0]).startsWith("seam-orders-db-");
  }
}
