package dev.seam.micrometer;

import static dev.seam.SeamEvent.Kind.ABANDONED_RETURNED;
import static dev.seam.SeamEvent.Kind.FAILED;
import static dev.seam.SeamEvent.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every meter's value after a known sequence of calls, timed exactly by a manual clock. */
@ExtendWith(SeamLeakCheck.class)
class SeamMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final SeamMetrics metrics = SeamMetrics.of(registry);
  private final Told told = new Told();

  private Seam orders() {
    Seam seam =
        Seam.builder("orders")
            .maxConcurrency(2)
            .maxQueued(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .listener(metrics.listener())
            .listener(told) // after the metrics listener: once told, the timers have it
            .build();
    metrics.bind(seam);
    return seam;
  }

  @Test
  void everyMeterAgreesWithAKnownSequenceOfCalls() throws Exception {
    try (Seam seam = orders()) {
      // t=0: a (waits 100 ms for a pool connection) and b run; c queues; d is refused.
      Gate a = new Gate();
      Gate b = new Gate();
      Gate c = new Gate();
      CompletableFuture<String> fa =
          seam.call(
              call -> {
                try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
                  return a.pass("a");
                }
              });
      CompletableFuture<String> fb =
          seam.call(
              call -> {
                b.pass("b");
                throw new IOException("b failed");
              });
      a.awaitStarted();
      b.awaitStarted();
      CompletableFuture<String> fc = seam.call(call -> c.passIgnoringInterrupts("c"));
      CompletableFuture<String> fd = seam.call(call -> "never");
      assertThat(fd)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamRejectedException.class);
      assertThat(gauge("seam.calls.running")).isEqualTo(2);
      assertThat(gauge("seam.calls.queued")).isEqualTo(1);
      assertThat(gauge("seam.capacity.free")).isZero();
      assertThat(health()).isEqualTo("saturated");

      // t=100 ms: a returns; c starts after 100 ms in the queue.
      clock.advance(Duration.ofMillis(100));
      a.open();
      assertThat(fa).succeedsWithin(WAIT).isEqualTo("a");
      c.awaitStarted();
      // t=150 ms: b throws.
      clock.advance(Duration.ofMillis(50));
      b.open();
      assertThat(fb).failsWithin(WAIT);
      told.await(SUCCEEDED, 1);
      told.await(FAILED, 1);

      // t=1 s: c's deadline; it ignores the interrupt and keeps its permit.
      clock.advance(Duration.ofMillis(850));
      assertThat(fc)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      Await.until(() -> gauge("seam.calls.running") == 1, "a's and b's permits are back");
      assertThat(gauge("seam.calls.abandoned")).isEqualTo(1);
      assertThat(gauge("seam.capacity.free")).isEqualTo(1);

      // e starts at once on the free permit and is cancelled by its caller.
      Gate e = new Gate();
      CompletableFuture<String> fe = seam.call(call -> e.pass("e"));
      e.awaitStarted();
      assertThat(fe.cancel(true)).isTrue();
      assertThat(fe)
          .failsWithin(WAIT)
          .withThrowableThat()
          .isInstanceOf(CancellationException.class);
      told.await(ABANDONED_RETURNED, 1); // e's worker returned at once from its interrupt

      // t=1.2 s: c's worker finally returns, 1.1 s after it started.
      clock.advance(Duration.ofMillis(200));
      c.open();
      told.await(ABANDONED_RETURNED, 1);
      Await.until(() -> gauge("seam.calls.running") == 0, "every permit is back");

      assertThat(counter("succeeded")).isEqualTo(1);
      assertThat(counter("failed")).isEqualTo(1);
      assertThat(counter("timed_out")).isEqualTo(1);
      assertThat(counter("cancelled")).isEqualTo(1);
      assertThat(counter("rejected")).isEqualTo(1);
      assertThat(gauge("seam.calls.running")).isZero();
      assertThat(gauge("seam.calls.queued")).isZero();
      assertThat(gauge("seam.calls.abandoned")).isZero();
      assertThat(gauge("seam.capacity.free")).isEqualTo(2);
      assertThat(health()).isEqualTo(statusOf(seam.health()));

      Timer queueWait = timer("seam.queue.wait");
      assertThat(queueWait.count()).isEqualTo(4); // a, b, c, e: the calls that started
      assertThat(queueWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
      assertThat(queueWait.max(TimeUnit.MILLISECONDS)).isEqualTo(100);
      Timer run = timer("seam.run");
      assertThat(run.count()).isEqualTo(4); // a 100 ms, b 150 ms, c 1.1 s, e 0
      assertThat(run.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1350);
      assertThat(run.max(TimeUnit.MILLISECONDS)).isEqualTo(1100);
      assertThat(run.count()).isEqualTo(seam.stats().runTime().count());
      assertThat(queueWait.count()).isEqualTo(seam.stats().queueWait().count());

      Timer resourceWait = timer("seam.resource.wait");
      assertThat(resourceWait.count()).isEqualTo(1); // one call waited for its pool connection
      assertThat(resourceWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    }
  }

  @Test
  void longLivedCallsThatEndFromOutsideCountAsEndedNotTimedOutOrCancelled() throws Exception {
    try (Seam seam = orders()) {
      CallOptions stream = CallOptions.timeout(Duration.ofSeconds(1)).withLongLived(true);
      Gate reachesItsTimeout = new Gate();
      Gate clientLeaves = new Gate();
      CompletableFuture<String> timedOut = seam.call(stream, call -> reachesItsTimeout.pass("t"));
      CompletableFuture<String> left = seam.call(stream, call -> clientLeaves.pass("l"));
      reachesItsTimeout.awaitStarted();
      clientLeaves.awaitStarted();
      assertThat(left.cancel(true)).isTrue();
      clock.advance(Duration.ofSeconds(1)); // the stream timeout: the normal end of a stream
      assertThat(timedOut)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      Await.until(() -> gauge("seam.calls.running") == 0, "both workers returned");
      // a long-lived call whose body throws is still a failure
      CompletableFuture<String> broken =
          seam.call(
              stream,
              call -> {
                throw new IOException("producer broke");
              });
      assertThat(broken).failsWithin(WAIT);

      assertThat(counter("ended")).isEqualTo(2);
      assertThat(counter("timed_out")).isZero();
      assertThat(counter("cancelled")).isZero();
      assertThat(counter("failed")).isEqualTo(1);
      assertThat(seam.stats().ended()).isEqualTo(2);
    }
  }

  @Test
  void aClosedSeamStaysReadableAndReadsClosed() throws Exception {
    Seam seam = orders();
    assertThat(seam.call(call -> "ok")).succeedsWithin(WAIT);
    seam.close();

    assertThat(health()).isEqualTo("closed");
    assertThat(gauge("seam.calls.running")).isZero();
    assertThat(gauge("seam.capacity.free")).isEqualTo(2);
    assertThat(counter("succeeded")).isEqualTo(1);
    told.await(SUCCEEDED, 1);
    assertThat(timer("seam.run").count()).isEqualTo(1);
  }

  @Test
  void twoSeamsKeepTheirOwnMetersApartByTag() throws Exception {
    try (Seam billing = metrics.instrument(Seam.builder("billing").maxConcurrency(3));
        Seam orders = orders()) {
      assertThat(registry.get("seam.capacity.free").tag("seam", "billing").gauge().value())
          .isEqualTo(3);
      assertThat(gauge("seam.capacity.free")).isEqualTo(2);
      assertThat(billing.call(call -> "b1")).succeedsWithin(WAIT);
      assertThat(billing.call(call -> "b2")).succeedsWithin(WAIT);
      assertThat(orders.call(call -> "o1")).succeedsWithin(WAIT);

      assertThat(counter("succeeded")).isEqualTo(1);
      assertThat(
              registry
                  .get("seam.calls")
                  .tags("seam", "billing", "outcome", "succeeded")
                  .functionCounter()
                  .count())
          .isEqualTo(2);
      assertThat(registry.find("seam.run").timers()).hasSize(2);
    }
  }

  private double gauge(String name) {
    return registry.get(name).tag("seam", "orders").gauge().value();
  }

  private double counter(String outcome) {
    return registry
        .get("seam.calls")
        .tags("seam", "orders", "outcome", outcome)
        .functionCounter()
        .count();
  }

  private Timer timer(String name) {
    return registry.get(name).tag("seam", "orders").timer();
  }

  /** The one status whose health gauge reads 1; fails if not exactly one does. */
  private String health() {
    String current = null;
    for (SeamHealth.Status s : SeamHealth.Status.values()) {
      String status = s.name().toLowerCase(Locale.ROOT);
      double v =
          registry.get("seam.health").tags("seam", "orders", "status", status).gauge().value();
      assertThat(v).as("seam.health{status=%s}", status).isIn(0.0, 1.0);
      if (v == 1) {
        assertThat(current).as("two statuses read 1").isNull();
        current = status;
      }
    }
    assertThat(current).as("no status reads 1").isNotNull();
    return current;
  }

  private static String statusOf(SeamHealth h) {
    return h.status().name().toLowerCase(Locale.ROOT);
  }
}
