package dev.seam.contract;

import static dev.seam.SeamEvent.Kind.ABANDONED;
import static dev.seam.SeamEvent.Kind.ABANDONED_RETURNED;
import static dev.seam.SeamEvent.Kind.CANCELLED;
import static dev.seam.SeamEvent.Kind.FAILED;
import static dev.seam.SeamEvent.Kind.QUEUED;
import static dev.seam.SeamEvent.Kind.REJECTED;
import static dev.seam.SeamEvent.Kind.STARTED;
import static dev.seam.SeamEvent.Kind.SUCCEEDED;
import static dev.seam.SeamEvent.Kind.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listener SPI: every step of every call told exactly once, a throwing listener harmless. */
@ExtendWith(SeamLeakCheck.class)
class ListenerTest {
  private final ManualClock clock = new ManualClock();

  private static CallOptions named(String description) {
    return CallOptions.defaults().withDescription(description);
  }

  @Test
  void eachOutcomeIsToldOnceAfterQueuedAndStarted() throws Exception {
    EventLog log = new EventLog();
    try (Seam seam =
        Seam.builder("told")
            .maxConcurrency(1)
            .maxQueued(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .listener(log)
            .build()) {
      seam.call(named("ok"), call -> "fine").get(5, TimeUnit.SECONDS);
      Await.until(() -> log.of("ok").contains(SUCCEEDED), "outcome told");
      seam.call(
              named("throws"),
              call -> {
                throw new IOException("boom");
              })
          .handle((v, e) -> e)
          .get(5, TimeUnit.SECONDS);
      Await.until(() -> log.of("throws").contains(FAILED), "outcome told");

      // A running call that times out, is abandoned (it ignores the interrupt), then returns.
      Gate gate = new Gate();
      CompletableFuture<String> slow =
          seam.call(named("slow"), call -> gate.passIgnoringInterrupts("late"));
      gate.awaitStarted();
      // Queued behind it: cancelled by its caller, then one refused because the queue is full.
      CompletableFuture<String> queued = seam.call(named("queued"), call -> "never");
      CompletableFuture<String> refused = seam.call(named("refused"), call -> "never");
      assertThat(refused).isCompletedExceptionally();
      assertThat(queued.cancel(true)).isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(slow.handle((v, e) -> e).get(5, TimeUnit.SECONDS))
          .isInstanceOf(SeamTimeoutException.class);
      gate.open();
      gate.awaitReturned();
      Await.until(() -> log.of("slow").contains(ABANDONED_RETURNED), "abandoned call returned");

      assertThat(log.of("ok")).containsExactly(QUEUED, STARTED, SUCCEEDED);
      assertThat(log.of("throws")).containsExactly(QUEUED, STARTED, FAILED);
      assertThat(log.of("slow"))
          .containsExactlyInAnyOrder(QUEUED, STARTED, TIMED_OUT, ABANDONED, ABANDONED_RETURNED);
      assertThat(log.of("queued")).containsExactly(QUEUED, CANCELLED);
      assertThat(log.of("refused")).containsExactly(REJECTED);

      assertThat(log.only("throws", FAILED).failure()).hasRootCauseInstanceOf(IOException.class);
      assertThat(log.only("refused", REJECTED).failure()).isInstanceOf(SeamRejectedException.class);
      assertThat(log.only("queued", CANCELLED).failure()).isNotNull();
      SeamEvent timedOut = log.only("slow", TIMED_OUT);
      assertThat(timedOut.runTime()).isEqualTo(Duration.ofSeconds(1));
      assertThat(timedOut.failure()).isInstanceOf(SeamTimeoutException.class);
      assertThat(timedOut.seamName()).isEqualTo("told");
      assertThat(timedOut.timeoutNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
      assertThat(log.only("slow", ABANDONED_RETURNED).runTime())
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void aThrowingListenerIsLoggedOnceAndNeverChangesTheCallOrTheOtherListeners() throws Exception {
    EventLog after = new EventLog();
    SeamListener broken =
        new SeamListener() {
          @Override
          public void succeeded(SeamEvent event) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void started(SeamEvent event) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (LogCapture logs = new LogCapture();
        Seam seam = Seam.builder("broken-listener").listener(broken).listener(after).build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(seam.call(named("c" + i), call -> "ok").get(5, TimeUnit.SECONDS))
            .isEqualTo("ok");
      }
      // An outcome is told right after the future completes, so a joined call may not be yet.
      Await.until(() -> after.of("c4").contains(SUCCEEDED), "last outcome told");
      for (int i = 0; i < 5; i++) {
        assertThat(after.of("c" + i)).containsExactly(QUEUED, STARTED, SUCCEEDED);
      }
      assertThat(logs.events())
          .filteredOn(e -> e.getFormattedMessage().contains("listener"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage())
                    .contains("broken-listener")
                    .contains("threw on STARTED")
                    .contains("the call is not affected");
              });
      assertThat(seam.stats().succeeded()).isEqualTo(5);
    }
  }

  @Test
  void aCallWhoseContextCannotBeCapturedIsToldAsFailedOnly() throws Exception {
    EventLog log = new EventLog();
    dev.seam.ContextPropagator<String> throwing =
        new dev.seam.ContextPropagator<>() {
          @Override
          public String capture() {
            throw new IllegalStateException("no context");
          }

          @Override
          public Scope install(String captured) {
            return () -> {};
          }
        };
    try (Seam seam = Seam.builder("ctx-fail").propagate(throwing).listener(log).build()) {
      CompletableFuture<String> f = seam.call(named("c"), call -> "never");
      assertThat(f).isCompletedExceptionally();
      assertThat(log.of("c")).containsExactly(FAILED);
    }
  }
}
