package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCancellationException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a failure says, from the exception and the log alone: seam, call, line, timings, load. */
@ExtendWith(SeamLeakCheck.class)
class FailureStoryTest {
  private final ManualClock clock = new ManualClock();

  private Seam seam(String name) {
    return Seam.builder(name)
        .maxConcurrency(1)
        .maxQueued(1)
        .timeout(Duration.ofSeconds(1))
        .clock(clock)
        .build();
  }

  private static CallOptions named(String description) {
    return CallOptions.defaults().withDescription(description);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    return f.handle((v, e) -> e).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aCallersCancelNamesTheSeamTheCallItsTimingsAndWhereTheCallWasMade() throws Exception {
    try (Seam seam = seam("orders-db")) {
      Gate gate = new Gate();
      CompletableFuture<String> f =
          seam.call(
              named("SELECT * FROM orders"),
              call -> {
                call.onCancel(() -> {});
                return gate.pass("x");
              });
      gate.awaitStarted();
      clock.advance(Duration.ofMillis(120));
      assertThat(f.cancel(true)).isTrue();

      assertThat(f.isCancelled()).isTrue();
      CancellationException thrown = null;
      try {
        f.join();
      } catch (CancellationException e) {
        // Java 17 throws the future's own exception; newer JDKs wrap it in one naming the method.
        thrown = e instanceof SeamCancellationException ? e : (CancellationException) e.getCause();
      }
      assertThat(thrown)
          .isInstanceOf(SeamCancellationException.class)
          .hasMessageContaining("seam 'orders-db'")
          .hasMessageContaining("\"SELECT * FROM orders\"")
          .hasMessageContaining("cancelled by its caller")
          .hasMessageContaining("120 ms running")
          .hasMessageContaining("1 cancel hook, worker interrupted");
      SeamCancellationException cancel = (SeamCancellationException) thrown;
      assertThat(cancel.seamName()).isEqualTo("orders-db");
      assertThat(cancel.started()).isTrue();
      assertThat(cancel.ran()).isEqualTo(Duration.ofMillis(120));
      // Its own stack is where cancel was called; its cause is where the call was made: here.
      assertThat(frames(cancel)).contains(getClass().getName());
      assertThat(cancel.getCause()).hasMessageContaining("submitted to seam 'orders-db'");
      assertThat(frames(cancel.getCause())).startsWith(getClass().getName());
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
    }
  }

  @Test
  void aRunningTimeoutCarriesTheWorkersStackAtTheDeadlineAndTheSeamsLoad() throws Exception {
    try (Seam seam = seam("pricing")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(named("GET /price/7"), call -> gate.pass("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));

      Throwable e = failure(f);
      assertThat(e)
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageContaining("seam 'pricing' call \"GET /price/7\" timed out after 1000 ms")
          .hasMessageContaining("1000 ms running")
          .hasMessageContaining("1/1 running, 0/1 queued, 1 abandoned") // itself, from now on
          .hasMessageContaining("no cancel hook, worker interrupted");
      // The worker's stack at the deadline: the frame of the method it was blocked in.
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0]).hasMessageContaining("at the deadline");
      assertThat(Arrays.stream(e.getSuppressed()[0].getStackTrace()).map(f2 -> f2.toString()))
          .anySatisfy(frame -> assertThat(frame).contains("Gate.pass"));
      gate.awaitReturned();
    }
  }

  @Test
  void aRejectionNamesTheRefusedCallAndTheAbandonedCallsThatHoldPermits() throws Exception {
    try (Seam seam = seam("full")) {
      Gate gate = new Gate();
      CompletableFuture<String> stuck =
          seam.call(named("stuck"), call -> gate.passIgnoringInterrupts("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1)); // abandoned: it ignores the interrupt
      assertThat(failure(stuck)).isInstanceOf(SeamTimeoutException.class);
      CompletableFuture<String> queued = seam.call(named("waiting"), call -> "y");
      Throwable refused = failure(seam.call(named("INSERT INTO audit"), call -> "z"));
      assertThat(refused)
          .isInstanceOf(SeamRejectedException.class)
          .hasMessageStartingWith(
              "seam 'full' rejected call \"INSERT INTO audit\": 1/1 running, 1/1 queued,"
                  + " 1 abandoned (still in their workers); ")
          .hasMessageContaining("oldest abandoned call holding a permit: call \"stuck\"");
      gate.open();
      assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("y");
    }
  }

  @Test
  void aDeadlineWhileWaitingForAPoolConnectionSaysSoAndWaitsAreTheirOwnPhaseInStats()
      throws Exception {
    try (Seam seam = seam("jdbc")) {
      CountDownLatch waiting = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              named("SELECT 1"),
              call -> {
                try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
                  waiting.countDown();
                  release.await(10, TimeUnit.SECONDS);
                }
                return "never";
              });
      assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(failure(f))
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageContaining("had been waiting 1000 ms for a pool connection");
      release.countDown();

      CompletableFuture<String> g =
          seam.call(
              call -> {
                try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
                  clock.advance(Duration.ofMillis(30));
                }
                throw new IllegalStateException("bad SQL");
              });
      assertThat(failure(g))
          .hasMessageContaining("30 ms of it waiting for a pool connection")
          .hasMessageContaining("bad SQL");
      Await.until(() -> seam.stats().resourceWait().count() == 2, "both waits recorded");
      assertThat(seam.stats().resourceWait().max()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void statsReadAsALogLine() throws Exception {
    try (Seam seam = seam("readable")) {
      seam.call(call -> "x").get(5, TimeUnit.SECONDS);
      assertThat(seam.stats().toString())
          .startsWith("readable: ")
          .contains("/1 running, 0/1 queued, 0 abandoned; submitted 1, succeeded 1, failed 0")
          .contains("queue wait n=1 p50=")
          .doesNotContain("PT");
    }
  }

  @Test
  void anAbandonedCallIsWarnedOnceWithItsStackAndOnceWhenItReturnsRateLimitedPerSeam()
      throws Exception {
    try (LogCapture logs = new LogCapture();
        Seam seam =
            Seam.builder("stuck-db")
                .maxConcurrency(2)
                .timeout(Duration.ofSeconds(1))
                .abandonedCallWarning(Duration.ofSeconds(5))
                .clock(clock)
                .build()) {
      Gate first = new Gate();
      Gate second = new Gate();
      CompletableFuture<String> a =
          seam.call(named("first"), call -> first.passIgnoringInterrupts("a"));
      CompletableFuture<String> b =
          seam.call(named("second"), call -> second.passIgnoringInterrupts("b"));
      first.awaitStarted();
      second.awaitStarted();
      clock.advance(Duration.ofSeconds(1)); // both time out, both ignore the interrupt
      assertThat(failure(a)).isInstanceOf(SeamTimeoutException.class);
      assertThat(failure(b)).isInstanceOf(SeamTimeoutException.class);
      assertThat(abandonedWarnings(logs)).isEmpty();

      clock.advance(Duration.ofSeconds(5));
      List<ILoggingEvent> warned = abandonedWarnings(logs);
      assertThat(warned).hasSize(1); // the second is held back in the same 10-second interval
      ILoggingEvent w = warned.get(0);
      assertThat(w.getLevel()).isEqualTo(Level.WARN);
      assertThat(w.getFormattedMessage())
          .contains("seam 'stuck-db'")
          .contains("5000 ms after its deadline")
          .contains("holds a permit");
      assertThat(
              Arrays.stream(w.getThrowableProxy().getStackTraceElementProxyArray())
                  .map(Object::toString))
          .anySatisfy(frame -> assertThat(frame).contains("Gate.passIgnoringInterrupts"));
      String warnedCall = w.getFormattedMessage().contains("\"first\"") ? "first" : "second";

      first.open();
      second.open();
      first.awaitReturned();
      second.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "abandoned calls returned");
      assertThat(logs.messages())
          .filteredOn(m -> m.contains("returned") && m.contains("abandoned"))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("\"" + warnedCall + "\"").contains("permit"));

      // The next interval's warning says how many were held back.
      clock.advance(Duration.ofSeconds(10));
      Gate third = new Gate();
      CompletableFuture<String> c =
          seam.call(named("third"), call -> third.passIgnoringInterrupts("c"));
      third.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(failure(c)).isInstanceOf(SeamTimeoutException.class);
      clock.advance(Duration.ofSeconds(5));
      assertThat(abandonedWarnings(logs)).hasSize(2);
      assertThat(abandonedWarnings(logs).get(1).getFormattedMessage())
          .contains("(1 more like this since the last one)");
      third.open();
      third.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "third returned");
    }
  }

  private static List<ILoggingEvent> abandonedWarnings(LogCapture logs) {
    return logs.events().stream()
        .filter(e -> e.getFormattedMessage().contains("is still running on"))
        .collect(Collectors.toList());
  }

  private static List<String> frames(Throwable t) {
    return Arrays.stream(t.getStackTrace())
        .map(StackTraceElement::getClassName)
        .collect(Collectors.toList());
  }
}
