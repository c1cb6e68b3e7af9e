package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.RecordingSeam;
import dev.seam.testing.SeamLeakCheck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testing pattern from the README: a mocked sync boundary behind the async shell. */
@ExtendWith(SeamLeakCheck.class)
class MigratedOrdersTest {
  private final LegacyOrders legacy = mock(LegacyOrders.class);
  private final Seam seam = ImmediateSeam.create("orders-db");
  private final AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);

  @AfterEach
  void closeSeam() {
    seam.close();
  }

  @Test
  void headlineCombinesBothLookups() throws Exception {
    when(legacy.find(42)).thenReturn("order 42");
    when(legacy.countOpen("c-7")).thenReturn(3);

    assertThat(orders.headline(42, "c-7")).isCompletedWithValue("order 42 (3 open)");
    verify(legacy).find(42);
  }

  @Test
  void databaseFailureIsTheCauseOfTheFailedFuture() throws Exception {
    SQLException deadlock = new SQLException("deadlock detected", "40P01");
    when(legacy.find(42)).thenThrow(deadlock);

    assertThat(orders.headline(42, "c-7"))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingRootCause()
        .isSameAs(deadlock);
    assertThat(orders.find(42))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamCallException.class);
  }

  @Test
  void recordingSeamShowsWhatIsInFlightAndTheClockFiresTheDeadline() throws Exception {
    ManualClock clock = new ManualClock();
    try (RecordingSeam recording =
        RecordingSeam.create("orders-db", clock, Duration.ofSeconds(2))) {
      AsyncOrders held = Seam.adapt(AsyncOrders.class, legacy, recording);
      when(legacy.countOpen("c-7")).thenReturn(1);

      CompletableFuture<String> headline = held.headline(42, "c-7");
      assertThat(recording.inFlight())
          .extracting(c -> c.description())
          .containsExactly("LegacyOrders.find(long)", "LegacyOrders.countOpen(String)");

      recording.inFlight().get(1).run(); // countOpen answers from the mock
      clock.advance(Duration.ofMillis(300)); // find's @SeamTimeout(300) passes

      assertThat(headline)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      assertThat(recording.inFlight()).isEmpty();
    }
  }
}
