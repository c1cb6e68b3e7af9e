package dev.seam.examples;

import java.util.concurrent.TimeUnit;

/**
 * Stands in for a legacy blocking SDK: every lookup blocks the calling thread for a while, and it
 * can be aborted only from another thread, the way {@code HttpURLConnection.disconnect()} or {@code
 * Statement.cancel()} abort theirs.
 */
public final class LegacyInventoryClient {
  private final long latencyMillis;
  private volatile boolean aborted;

  /**
   * Creates a client whose every lookup takes this long.
   *
   * @param latencyMillis the latency of each lookup
   */
  public LegacyInventoryClient(long latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  /**
   * Blocks for the client's latency, then answers; fails at once if aborted meanwhile.
   *
   * @param sku the item; one starting with {@code X} is unknown
   * @return its stock
   * @throws InterruptedException if interrupted while waiting
   */
  public int stockOf(String sku) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMillis);
    while (System.nanoTime() < end) {
      if (aborted) {
        throw new IllegalStateException("lookup of " + sku + " aborted by the client");
      }
      TimeUnit.MILLISECONDS.sleep(5); // a blocking read, in small steps so abort() is seen
    }
    if (sku.startsWith("X")) {
      throw new IllegalArgumentException("unknown sku " + sku);
    }
    return Math.abs(sku.hashCode() % 100);
  }

  /** Aborts the lookups in progress, from any thread. */
  public void abort() {
    aborted = true;
  }
}
