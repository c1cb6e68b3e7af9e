package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's manual-clock example: a deadline fires when the test says, not after a sleep. */
@ExtendWith(SeamLeakCheck.class)
class ManualClockTest {
  private final CountDownLatch released = new CountDownLatch(1);
  private final LegacyOrders slowDao =
      new LegacyOrders() {
        @Override
        public Order find(long id) throws java.sql.SQLException {
          try {
            released.await(); // blocks until the test lets go (or the call is interrupted)
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.sql.SQLException("interrupted", e);
          }
          return new Order(id, 100);
        }

        @Override
        public int countOpen(String customer) {
          return 0;
        }
      };

  @Test
  void theDeadlineFiresWhenTheClockIsAdvanced() {
    ManualClock clock = new ManualClock();
    Seam seam = Seam.builder("orders").clock(clock).timeout(Duration.ofSeconds(2)).build();
    CompletableFuture<Order> f = seam.call(() -> slowDao.find(42));
    clock.advance(Duration.ofSeconds(2)); // the deadline fires here, on this thread
    assertThat(f)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamTimeoutException.class);
    released.countDown();
    seam.close();
  }
}
