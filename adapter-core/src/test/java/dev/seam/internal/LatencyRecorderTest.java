package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.LatencySummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void everyValueFallsInABucketWhoseUpperBoundIsWithinOneEighth() {
    long[] samples = {
      0, 1, 7, 8, 9, 15, 16, 17, 100, 1_000, 123_456, 999_999_999L, Long.MAX_VALUE / 3
    };
    for (long v : samples) {
      int i = LatencyRecorder.index(v);
      long upper = LatencyRecorder.upperBound(i);
      assertThat(upper).as("upper bound of %d", v).isGreaterThanOrEqualTo(v);
      assertThat((double) upper).as("width at %d", v).isLessThanOrEqualTo(v + v / 8.0 + 1);
      if (i > 0) {
        assertThat(LatencyRecorder.upperBound(i - 1)).as("previous bucket of %d", v).isLessThan(v);
      }
    }
  }

  @Test
  void summaryOfEmptyRecorderIsZero() {
    LatencySummary s = new LatencyRecorder().summary();
    assertThat(s.count()).isZero();
    assertThat(s.p99()).isEqualTo(Duration.ZERO);
  }

  @Test
  void percentilesNeverExceedTheMax() {
    LatencyRecorder r = new LatencyRecorder();
    r.record(1_000_000);
    r.record(1_000_001);
    LatencySummary s = r.summary();
    assertThat(s.max()).isEqualTo(Duration.ofNanos(1_000_001));
    assertThat(s.p99()).isEqualTo(s.max());
    assertThat(s.p50().toNanos()).isBetween(1_000_000L, 1_000_001L);
  }
}
