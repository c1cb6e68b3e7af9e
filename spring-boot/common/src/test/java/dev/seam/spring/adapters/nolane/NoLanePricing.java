package dev.seam.spring.adapters.nolane;

import dev.seam.spring.adapters.LegacyPricing;
import dev.seam.spring.boot.SeamAdapter;
import java.util.concurrent.CompletableFuture;

/** Names a lane that no property declares. */
@SeamAdapter(lane = "pricing-typo", target = LegacyPricing.class)
public interface NoLanePricing {
  /**
   * The price.
   *
   * @param sku the SKU
   * @return the future price
   */
  CompletableFuture<Long> priceOf(String sku);
}
