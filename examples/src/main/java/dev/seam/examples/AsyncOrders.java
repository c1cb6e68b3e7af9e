package dev.seam.examples;

import dev.seam.SeamTimeout;
import java.util.concurrent.CompletableFuture;

/**
 * The async shell over {@link LegacyOrders}: same names, same parameters, futures instead of
 * values. {@code Seam.adapt(AsyncOrders.class, legacyOrders, ordersDb)} implements it.
 */
public interface AsyncOrders {

  /**
   * Loads an order within 300 ms of submission.
   *
   * @param id the order id
   * @return the order's summary line
   */
  @SeamTimeout(300)
  CompletableFuture<String> find(long id);

  /**
   * Counts a customer's open orders, within the seam's default timeout.
   *
   * @param customer the customer id
   * @return the count
   */
  CompletableFuture<Integer> countOpen(String customer);

  /**
   * A composed call, written once against the async methods.
   *
   * @param id the order id
   * @param customer the customer id
   * @return the order line with the customer's open count
   */
  default CompletableFuture<String> headline(long id, String customer) {
    return find(id)
        .thenCombine(countOpen(customer), (order, open) -> order + " (" + open + " open)");
  }
}
