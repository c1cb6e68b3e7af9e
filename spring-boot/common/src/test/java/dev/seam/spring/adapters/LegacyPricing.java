package dev.seam.spring.adapters;

/**
 * A sync bean, as a legacy service is: blocking, no futures. (The {@code @SeamAdapter} fixtures
 * live outside {@code dev.seam.spring.boot}, whose tests' applications scan their own package.)
 */
public class LegacyPricing {
  /**
   * The price of a SKU, computed on the calling thread.
   *
   * @param sku the SKU
   * @return its price; the calling thread's name is in {@link #lastThread}
   */
  public long priceOf(String sku) {
    lastThread = Thread.currentThread().getName();
    return sku.length() * 100L;
  }

  /** The thread that ran the last {@link #priceOf}. */
  public volatile String lastThread;
}
