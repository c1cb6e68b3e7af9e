package dev.seam.spring.adapters.badreturn;

import dev.seam.spring.adapters.LegacyPricing;
import dev.seam.spring.boot.SeamAdapter;
import java.util.concurrent.CompletableFuture;

/** One method fits; the other returns a plain value, which no lane can give at once. */
@SeamAdapter(lane = "pricing", target = LegacyPricing.class)
public interface SyncLookingPricing {
  /**
   * Fits.
   *
   * @param sku the SKU
   * @return the future price
   */
  CompletableFuture<Long> priceOf(String sku);

  /**
   * Does not fit: not a future.
   *
   * @param sku the SKU
   * @return the price
   */
  long priceNow(String sku);
}
