package dev.seam.spring.boot.readme;

import dev.seam.SeamTimeout;
import dev.seam.spring.boot.SeamAsync;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/** The README's {@code @SeamAsync} example: a blocking client made async by one annotation. */
@Service
public class PriceService {
  private final LegacyPricing legacy;

  PriceService(LegacyPricing legacy) {
    this.legacy = legacy;
  }

  @SeamAsync("pricing") // the body runs on the lane seam.lanes.pricing
  @SeamTimeout(300) // its deadline (ms) from the call: queue wait counts
  public CompletableFuture<Long> price(String sku) throws Exception {
    return CompletableFuture.completedFuture(legacy.priceOf(sku)); // blocking, bounded, cancellable
  }

  /** A blocking legacy client. */
  public interface LegacyPricing {
    long priceOf(String sku) throws Exception;
  }
}
