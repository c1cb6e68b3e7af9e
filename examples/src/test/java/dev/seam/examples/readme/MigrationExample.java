package dev.seam.examples.readme;

import dev.seam.Seam;
import dev.seam.SeamScope;
import java.util.concurrent.CompletableFuture;

/** The README's migration and scope examples, whole. */
final class MigrationExample {
  private MigrationExample() {}

  static AsyncOrders shell(LegacyOrders legacyOrders, Seam ordersDb) {
    AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacyOrders, ordersDb);
    return orders;
  }

  static Page page(
      LegacyOrders legacyOrders,
      StockClient stockClient,
      Seam ordersDb,
      Seam stockApi,
      long id,
      String sku)
      throws InterruptedException {
    try (SeamScope scope = SeamScope.open()) { // or ordersDb.scope() for one seam
      CompletableFuture<Order> order = scope.call(ordersDb, () -> legacyOrders.find(id));
      CompletableFuture<Stock> stock = scope.call(stockApi, () -> stockClient.get(sku));
      scope.join(); // throws the first failure; the other call was cancelled
      return new Page(order.join(), stock.join());
    }
  }
}
