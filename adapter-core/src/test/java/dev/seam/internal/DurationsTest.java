package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void tenthsOfAMillisecondReadAsStringFormatWouldPrintThemAtEveryBoundary() {
    long[] edges = {
      100_000, 149_999, 150_000, 150_001, 949_999, 950_000, 999_999, 1_000_000, 1_049_999,
      1_050_000, 9_949_999, 9_950_000, 9_999_999
    };
    for (long nanos : edges) {
      assertThat(Durations.formatNanos(nanos)).as("%d ns", nanos).isEqualTo(viaFormat(nanos));
    }
    SplittableRandom random = new SplittableRandom(20261201);
    for (int i = 0; i < 10_000; i++) {
      long nanos = random.nextLong(100_000, 10_000_000);
      assertThat(Durations.formatNanos(nanos)).as("%d ns", nanos).isEqualTo(viaFormat(nanos));
    }
  }

  @Test
  void outsideTheTenthsRangeWholeMillisecondsForeverAndBelowATenth() {
    assertThat(Durations.formatNanos(10_000_000)).isEqualTo("10 ms");
    assertThat(Durations.formatNanos(99_999)).isEqualTo("<0.1 ms");
    assertThat(Durations.formatNanos(0)).isEqualTo("<0.1 ms");
    assertThat(Durations.formatNanos(Long.MAX_VALUE)).isEqualTo("forever");
  }

  private static String viaFormat(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
