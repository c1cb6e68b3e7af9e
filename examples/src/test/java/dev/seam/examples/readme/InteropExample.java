package dev.seam.examples.readme;

import com.google.common.util.concurrent.ListenableFuture;
import dev.seam.Seam;
import dev.seam.interop.ListenableFutures;
import dev.seam.interop.ResilientCalls;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The README's interop example, whole. */
final class InteropExample {
  private InteropExample() {}

  static Stock run(
      Seam ordersDb,
      LegacyOrders legacyOrders,
      AsyncOrders orders,
      ListenableFuture<Stock> fromGuava,
      long id) {
    ResilientCalls resilient =
        ResilientCalls.builder(ordersDb)
            .retry(Retry.of("orders", RetryConfig.custom().maxAttempts(3).build()))
            .circuitBreaker(CircuitBreaker.ofDefaults("orders"))
            .build();
    CompletableFuture<Order> o =
        resilient.call(Duration.ofSeconds(2), call -> legacyOrders.find(id));

    ListenableFuture<Order> forOldCallers = ListenableFutures.toListenable(orders.find(id));
    CompletableFuture<Stock> fromOldApi = ListenableFutures.toCompletable(fromGuava);

    o.join();
    ListenableFutures.toCompletable(forOldCallers).join();
    return fromOldApi.join();
  }
}
