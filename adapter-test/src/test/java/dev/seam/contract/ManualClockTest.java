package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.SeamClock;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class ManualClockTest {

  @Test
  void runsDueActionsInDeadlineOrderAtTheirDueTime() {
    ManualClock clock = new ManualClock();
    List<String> fired = new ArrayList<>();
    clock.schedule(() -> fired.add("b@" + clock.nanoTime()), 2_000);
    clock.schedule(() -> fired.add("a@" + clock.nanoTime()), 1_000);
    clock.schedule(() -> fired.add("c@" + clock.nanoTime()), 5_000);

    clock.advance(Duration.ofNanos(2_000));

    assertThat(fired).containsExactly("a@1000", "b@2000");
    assertThat(clock.nanoTime()).isEqualTo(2_000);
    assertThat(clock.pending()).isEqualTo(1);
  }

  @Test
  void cancelledActionsNeverRun() {
    ManualClock clock = new ManualClock();
    List<String> fired = new ArrayList<>();
    SeamClock.Scheduled s = clock.schedule(() -> fired.add("x"), 10);
    s.cancel();
    clock.advance(Duration.ofSeconds(1));
    assertThat(fired).isEmpty();
  }

  @Test
  void actionsMayScheduleMoreThatFallInTheSameAdvance() {
    ManualClock clock = new ManualClock();
    List<Long> fired = new ArrayList<>();
    clock.schedule(
        () -> {
          fired.add(clock.nanoTime());
          clock.schedule(() -> fired.add(clock.nanoTime()), 10);
        },
        10);
    clock.advance(Duration.ofNanos(25));
    assertThat(fired).containsExactly(10L, 20L);
    assertThat(clock.nanoTime()).isEqualTo(25);
  }

  @Test
  void rejectsNegativeAdvance() {
    assertThatThrownBy(() -> new ManualClock().advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount < 0: PT-0.001S");
  }
}
