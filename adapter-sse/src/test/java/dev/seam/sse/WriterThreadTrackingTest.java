package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.internal.LiveSeamThreads;
import dev.seam.sse.internal.WriterProbe;
import dev.seam.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's writer threads come from the same thread factory as a seam's own: tracked from
 * creation until they end, so a leak check finds one left running (virtual or not, whatever its
 * name), and gone from the tracking once the endpoint closed.
 */
class WriterThreadTrackingTest {

  @Test
  void aWriterThreadIsTrackedWhileItLivesAndNotAfterTheEndpointClosed() throws Exception {
    try (Seam seam = Seam.builder("writer-tracking").build()) {
      WriterProbe probe = new WriterProbe(seam, new ManualClock(), Duration.ofSeconds(15));
      probe.holdWriter();

      List<Thread> writers =
          LiveSeamThreads.snapshot().stream()
              .filter(t -> t.getName().startsWith("seam-sse-probe-writer-"))
              .toList();
      assertThat(writers).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

      probe.close(); // releases the writer and closes the endpoint
      for (Thread t : writers) {
        t.join(10_000); // bounded: a writer that never ends fails below
      }
      assertThat(LiveSeamThreads.snapshot()).doesNotContainAnyElementsOf(writers);
    }
  }
}
