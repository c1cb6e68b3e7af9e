package dev.seam.spring.adapters.ok;

import dev.seam.SeamTimeout;
import dev.seam.spring.adapters.LegacyPricing;
import dev.seam.spring.boot.SeamAdapter;
import java.util.concurrent.CompletableFuture;

/** The whole declaration: the starter registers a bean of this type, bound to LegacyPricing. */
@SeamAdapter(lane = "pricing", target = LegacyPricing.class)
public interface AsyncPricing {
  @SeamTimeout(300) // each call's deadline (ms) from the call: queue wait counts
  CompletableFuture<Long> priceOf(String sku); // runs LegacyPricing.priceOf on the lane
}
