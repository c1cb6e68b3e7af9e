package dev.seam.examples.readme;

import dev.seam.SeamTimeout;
import java.util.concurrent.CompletableFuture;

/** The README's async shell over {@link LegacyOrders}. */
public interface AsyncOrders { // the new async shell; public, like the legacy one
  @SeamTimeout(300) // per-method deadline (ms)
  CompletableFuture<Order> find(long id);

  CompletableFuture<Integer> countOpen(String customer); // the seam's default deadline

  default CompletableFuture<OrderSummary> summary(long id, String customer) { // runs as written
    return find(id).thenCombine(countOpen(customer), OrderSummary::new);
  }
}
