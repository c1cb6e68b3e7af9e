package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamTimeout;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wrapping a legacy client with {@code Seam.adapt}: the blocking SDK stays as it is, an async
 * interface with the same method names is all the new code, and a deadline on it stops the call
 * through the interrupt, the one lever a plain adapted method has.
 */
@ExtendWith(SeamLeakCheck.class)
class LegacyClientAdaptTest {

  /** The async face of {@link LegacyInventoryClient}. */
  public interface AsyncInventory {
    @SeamTimeout(200)
    CompletableFuture<Integer> stockOf(String sku);
  }

  @Test
  void adaptedClientAnswersOnTheSeam() throws Exception {
    try (Seam inventory = Seam.builder("inventory").maxConcurrency(2).build()) {
      AsyncInventory async =
          Seam.adapt(AsyncInventory.class, new LegacyInventoryClient(5), inventory);

      assertThat(async.stockOf("SKU-1").get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isBetween(0, 99);
      assertThat(inventory.stats().succeeded()).isEqualTo(1);
    }
  }

  @Test
  void aDeadlineOnTheAdaptedMethodInterruptsTheLegacyCall() throws Exception {
    try (Seam inventory = Seam.builder("inventory").maxConcurrency(2).build()) {
      AsyncInventory async =
          Seam.adapt(AsyncInventory.class, new LegacyInventoryClient(30_000), inventory);

      CompletableFuture<Integer> slow = async.stockOf("SKU-SLOW");

      assertThat(slow)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      // close() waits for running workers: the interrupted client has already returned, long
      // before its 30 s, so nothing is left running or abandoned.
      inventory.close();
      assertThat(inventory.stats().running()).isZero();
      assertThat(inventory.stats().abandoned()).isZero();
    }
  }
}
