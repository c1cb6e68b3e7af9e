package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.RecordedCall;
import dev.seam.testing.RecordingSeam;
import dev.seam.testing.SeamLeakCheck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's testing pattern: a Mockito mock of the sync boundary behind the async shell, run
 * deterministically on an {@link ImmediateSeam} or held by a {@link RecordingSeam} on a manual
 * clock. No thread, no sleep.
 */
@ExtendWith(SeamLeakCheck.class)
class MockedBoundaryTest {

  @Test
  void aDatabaseFailureIsTheCauseOfTheFailedFuture() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    try (Seam immediate = ImmediateSeam.create("orders-db")) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, immediate);
      when(legacy.find(42)).thenThrow(new SQLException("deadlock detected", "40P01"));

      assertThat(orders.find(42)) // complete when the call returns: no waiting
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamCallException.class)
          .havingCause()
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aRecordingSeamHoldsEachCallUntilTheTestRunsItOrTheClockExpiresIt() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.countOpen("c-7")).thenReturn(3);
    ManualClock clock = new ManualClock();
    try (RecordingSeam recording =
        RecordingSeam.create("orders-db", clock, Duration.ofSeconds(2))) {
      AsyncOrders held = Seam.adapt(AsyncOrders.class, legacy, recording);

      CompletableFuture<OrderSummary> summary = held.summary(42, "c-7");
      assertThat(recording.inFlight())
          .extracting(RecordedCall::description)
          .containsExactly("LegacyOrders.find(long)", "LegacyOrders.countOpen(String)");
      recording.inFlight().get(1).run(); // countOpen answers from the mock
      clock.advance(Duration.ofMillis(300)); // find's @SeamTimeout(300) passes

      assertThat(summary)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
    }
  }
}
