package dev.seam.spring.boot.readme;

import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The README's Spring Boot example: a lane from properties and the DataSource's AsyncJdbc. */
@RestController
class OrdersController {
  private final AsyncJdbc db; // the AsyncJdbc of the DataSource bean, sized from its pool
  private final Seam pricing; // seam.lanes.pricing.*
  private final LegacyPricing legacy;

  OrdersController(AsyncJdbc db, @Qualifier("pricing") Seam pricing, LegacyPricing legacy) {
    this.db = db;
    this.pricing = pricing;
    this.legacy = legacy;
  }

  @GetMapping("/orders/{customer}")
  CompletableFuture<List<String>> orders(@PathVariable long customer) {
    // Cancelled, down to Statement.cancel(), if spring.mvc.async.request-timeout fires first.
    return db.query("SELECT id FROM orders WHERE customer = ?", rs -> rs.getString(1), customer);
  }

  @GetMapping("/price/{sku}")
  CompletableFuture<Long> price(@PathVariable String sku) {
    return pricing.call(() -> legacy.priceOf(sku)); // a blocking SDK, bounded and deadlined
  }

  /** A blocking legacy client. */
  interface LegacyPricing {
    long priceOf(String sku) throws Exception;
  }
}
