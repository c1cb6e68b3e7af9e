package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCancellationException;
import dev.seam.SeamClock;
import dev.seam.SeamHealth;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an on-call engineer reads when work keeps running: the call that holds the permits is named
 * in the failures it causes and in the log at that moment, a cancelled call that runs on is
 * abandoned like a timed-out one, the numbers on one line add up, a rejection says its timings and
 * what to do, and worker stacks show the user's frames without Seam's.
 */
@ExtendWith(SeamLeakCheck.class)
class OnCallStoryTest {
  private final ManualClock clock = new ManualClock();

  private static CallOptions named(String description) {
    return CallOptions.defaults().withDescription(description);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    return f.handle((v, e) -> e).get(5, TimeUnit.SECONDS);
  }

  private Seam oneLane(String name, SeamClock clock, Duration timeout) {
    return Seam.builder(name).maxConcurrency(1).maxQueued(1).timeout(timeout).clock(clock).build();
  }

  @Test
  void aCallCancelledWhileItRunsOnIsAbandonedUntilItReturns() throws Exception {
    try (LogCapture logs = new LogCapture();
        Seam seam =
            Seam.builder("legacy-http")
                .maxConcurrency(1)
                .timeout(Duration.ofSeconds(30))
                .abandonedCallWarning(Duration.ofSeconds(5))
                .clock(clock)
                .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f =
          seam.call(named("GET /quote"), call -> gate.passIgnoringInterrupts("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofMillis(120));
      assertThat(f.cancel(true)).isTrue();

      Throwable cancel = failure(f);
      if (!(cancel instanceof SeamCancellationException)) { // newer JDKs wrap it
        cancel = cancel.getCause();
      }
      assertThat(cancel)
          .isInstanceOf(SeamCancellationException.class)
          .hasMessageContaining("1/1 running, 0/100 queued, 1 abandoned")
          .hasMessageContaining("worker interrupted");
      assertThat(seam.stats().abandoned()).isEqualTo(1);
      assertThat(seam.stats().cancelled()).isEqualTo(1);
      assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.DEGRADED);

      clock.advance(Duration.ofSeconds(5));
      assertThat(warnings(logs, "is still running on"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .contains("seam 'legacy-http': call \"GET /quote\" is still running on")
                      .contains("5000 ms after it was cancelled (5120 ms in the call)"));
      assertThat(seam.stats().abandoned()).isEqualTo(1); // still running: still abandoned

      clock.advance(Duration.ofMillis(700));
      gate.open();
      gate.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "the abandoned call returned");
      assertThat(warnings(logs, "returned"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .contains(
                          "the abandoned call \"GET /quote\" returned 5700 ms after its future")
                      .contains("(5820 ms in the call)"));
    }
  }

  @Test
  void aDeadlineNoticedLateSaysSoAndItsNumbersAddUp() throws Exception {
    StallClock late = new StallClock();
    try (Seam seam = oneLane("late-timer", late, Duration.ofMillis(500))) {
      Gate gate = new Gate();
      CompletableFuture<String> running = seam.call(named("running"), call -> gate.pass("x"));
      gate.awaitStarted();
      CompletableFuture<String> queued = seam.call(named("queued"), call -> "y");
      late.skip(Duration.ofMillis(557)); // the timer thread is 57 ms late
      late.advance(Duration.ZERO);

      assertThat(failure(queued))
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageStartingWith(
              "seam 'late-timer' call \"queued\" timed out after 500 ms (557 ms queued, never"
                  + " started; noticed 57 ms after the deadline; ");
      assertThat(failure(running))
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageStartingWith(
              "seam 'late-timer' call \"running\" timed out after 500 ms (<0.1 ms queued, 557 ms"
                  + " running; noticed 57 ms after the deadline; ");
      gate.awaitReturned();
    }
  }

  @Test
  void aWaitInProgressIsMeasuredWithTheSameClockReadAsTheRun() throws Exception {
    TickingClock ticking = new TickingClock(clock);
    try (Seam seam = oneLane("pool-wait", ticking, Duration.ofSeconds(1))) {
      CountDownLatch waiting = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
                  waiting.countDown();
                  release.await(10, TimeUnit.SECONDS);
                }
                return "never";
              });
      assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
      // From here each clock read on this thread, which fires the deadline, takes 1 ms: as if the
      // machine were busy while the message was being written.
      ticking.tickOn(Thread.currentThread());
      clock.advance(Duration.ofSeconds(1));

      assertThat(failure(f))
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageContaining(
              "timed out after 1000 ms (<0.1 ms queued, 1001 ms running; had been waiting 1001 ms"
                  + " for a pool connection; noticed 1.0 ms after the deadline; ");
      release.countDown();
    }
  }

  @Test
  void aCallThatTimesOutBehindAnAbandonedCallNamesItAndTheLogSaysSoAtOnce() throws Exception {
    try (LogCapture logs = new LogCapture();
        Seam seam = oneLane("stuck-db", clock, Duration.ofSeconds(1))) {
      Gate gate = new Gate();
      CompletableFuture<String> stuck =
          seam.call(named("SELECT pg_sleep(60)"), call -> gate.passIgnoringInterrupts("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1)); // abandoned: it ignores its interrupt
      assertThat(failure(stuck)).isInstanceOf(SeamTimeoutException.class);
      assertThat(warnings(logs, "is still running on")).isEmpty(); // its own check is 10 s away

      CompletableFuture<String> queued = seam.call(named("SELECT 1"), call -> "y");
      clock.advance(Duration.ofSeconds(1));

      Throwable e = failure(queued);
      assertThat(e)
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageContaining("1000 ms queued, never started")
          .hasMessageContaining(
              "oldest abandoned call holding a permit: call \"SELECT pg_sleep(60)\", 1000 ms after"
                  + " its deadline (2000 ms in the call) on seam-stuck-db-")
          .hasMessageContaining(", stuck at dev.seam.contract.Gate.passIgnoringInterrupts(");
      List<ILoggingEvent> warned = events(logs, "is still running on");
      assertThat(warned).hasSize(1); // logged when the queued call failed, not 10 s later
      assertThat(warned.get(0).getLevel()).isEqualTo(Level.WARN);
      assertThat(warned.get(0).getFormattedMessage())
          .contains("call \"SELECT pg_sleep(60)\"")
          .contains("1000 ms after its deadline")
          .contains("Give it a cancel hook that reaches the resource");

      // A second failure in the same interval names the call again but logs nothing more.
      CompletableFuture<String> again = seam.call(named("SELECT 2"), call -> "z");
      clock.advance(Duration.ofSeconds(1));
      assertThat(failure(again)).hasMessageContaining("2000 ms after its deadline");
      assertThat(warned(logs)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(10)); // its own check: already warned, nothing more
      assertThat(warned(logs)).isEqualTo(1);

      gate.open();
      gate.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "the abandoned call returned");
      assertThat(warnings(logs, "returned"))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("returned 12000 ms after its future completed"));
    }
  }

  @Test
  void aRejectionBehindAnAbandonedCallSaysItsTimingsNamesTheCallAndWhatToDo() throws Exception {
    try (Seam seam = oneLane("full", clock, Duration.ofSeconds(1))) {
      Gate gate = new Gate();
      CompletableFuture<String> stuck =
          seam.call(named("stuck"), call -> gate.passIgnoringInterrupts("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(failure(stuck)).isInstanceOf(SeamTimeoutException.class);
      CompletableFuture<String> queued = seam.call(named("waiting"), call -> "y");
      clock.advance(Duration.ofMillis(300));

      assertThat(failure(seam.call(named("INSERT INTO audit"), call -> "z")))
          .isInstanceOf(SeamRejectedException.class)
          .hasMessageStartingWith(
              "seam 'full' rejected call \"INSERT INTO audit\": 1/1 running, 1/1 queued,"
                  + " 1 abandoned (still in their workers); oldest queued call waiting 300 ms,"
                  + " longest permit holder 1300 ms in its call; oldest abandoned call holding a"
                  + " permit: call \"stuck\", 300 ms after its deadline (1300 ms in the call) on"
                  + " seam-full-")
          .hasMessageContaining("stuck at dev.seam.contract.Gate.passIgnoringInterrupts(")
          .hasMessageEndingWith(
              ". What to do: every permit is held by an abandoned call whose downstream ignores"
                  + " cancellation; give such calls a cancel hook that reaches the resource, or a"
                  + " driver or socket timeout shorter than the deadline.");
      gate.open();
      assertThat(queued).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("y");
    }
  }

  @Test
  void aRejectionOfASlowSeamSaysTheLastQueueWaitAndToRaiseLimitsOrShedLoad() throws Exception {
    try (Seam seam = oneLane("slow", clock, Duration.ofSeconds(10))) {
      Gate first = new Gate();
      Gate second = new Gate();
      CompletableFuture<String> a = seam.call(call -> first.pass("a"));
      first.awaitStarted();
      CompletableFuture<String> b = seam.call(call -> second.pass("b"));
      clock.advance(Duration.ofMillis(200));
      first.open();
      second.awaitStarted(); // b started after 200 ms in the queue
      CompletableFuture<String> c = seam.call(call -> "c");
      clock.advance(Duration.ofMillis(50));

      assertThat(failure(seam.call(call -> "d")))
          .isInstanceOf(SeamRejectedException.class)
          .hasMessage(
              "seam 'slow' rejected a call: 1/1 running, 1/1 queued; oldest queued call waiting 50"
                  + " ms, the last call to start had queued 200 ms, longest permit holder 50 ms in"
                  + " its call. What to do: the downstream is slower than the load; raise"
                  + " maxConcurrency if it can take more, maxQueued to absorb short bursts, or"
                  + " shed load upstream.");
      second.open();
      assertThat(a).succeedsWithin(Duration.ofSeconds(5));
      assertThat(b).succeedsWithin(Duration.ofSeconds(5));
      assertThat(c).succeedsWithin(Duration.ofSeconds(5));
    }
  }

  @Test
  void aRejectionBehindALongQueueStillTimesThePermitHolder() throws Exception {
    // The live calls are walked from the oldest, where the permit holders are: 2,000 queued calls
    // (more than a walk looks at) do not hide the one holding the permit.
    try (Seam seam =
        Seam.builder("long-queue")
            .maxConcurrency(1)
            .maxQueued(2_000)
            .timeout(Duration.ofSeconds(10))
            .clock(clock)
            .build()) {
      Gate holder = new Gate();
      CompletableFuture<String> a = seam.call(call -> holder.pass("a"));
      holder.awaitStarted();
      clock.advance(Duration.ofMillis(300));
      List<CompletableFuture<String>> queued = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        queued.add(seam.call(call -> "q"));
      }
      clock.advance(Duration.ofMillis(20));

      assertThat(failure(seam.call(call -> "refused")))
          .isInstanceOf(SeamRejectedException.class)
          .hasMessageContaining("1/1 running, 2000/2000 queued; oldest queued call waiting 20 ms")
          .hasMessageContaining("longest permit holder 320 ms in its call");
      holder.open();
      assertThat(a).succeedsWithin(Duration.ofSeconds(5));
      for (CompletableFuture<String> q : queued) {
        assertThat(q).succeedsWithin(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void workerStacksKeepTheBlockingAndUserFramesAndDropSeamsOwnAndLambdaPlumbing() throws Exception {
    try (Seam seam = oneLane("stacks", clock, Duration.ofSeconds(1))) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(call -> gate.pass("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));

      Throwable stack = failure(f).getSuppressed()[0];
      assertThat(stack.getMessage())
          .startsWith("stack of seam-stacks-")
          .contains("at the deadline (")
          .contains(" frames of Seam and JDK plumbing left out)");
      List<String> classes =
          Arrays.stream(stack.getStackTrace())
              .map(StackTraceElement::getClassName)
              .collect(Collectors.toList());
      assertThat(classes.get(0)).startsWith("jdk.internal.misc."); // the frame that blocks
      assertThat(classes).contains(Gate.class.getName());
      assertThat(classes.get(classes.size() - 1)).isEqualTo(getClass().getName()); // the lambda
      assertThat(classes)
          .noneMatch(c -> c.startsWith("dev.seam.internal."))
          .noneMatch(c -> c.contains("$$Lambda"))
          .noneMatch(c -> c.startsWith("java.util.concurrent.ThreadPoolExecutor"))
          .noneMatch(c -> c.equals(Thread.class.getName()));
      gate.awaitReturned();
    }
  }

  @Test
  void aSlowCallWarningSaysWhatToDo() throws Exception {
    try (LogCapture logs = new LogCapture();
        Seam seam =
            Seam.builder("slowish")
                .timeout(Duration.ofSeconds(30))
                .slowCallWarning(Duration.ofSeconds(5))
                .clock(clock)
                .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(call -> gate.pass("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(5));
      assertThat(warnings(logs, "has been running for"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .contains("read the stack: a socket read is the downstream, a lock is your"));
      gate.open();
      assertThat(f).succeedsWithin(Duration.ofSeconds(5));
    }
  }

  private static List<ILoggingEvent> events(LogCapture logs, String containing) {
    return logs.events().stream()
        .filter(e -> e.getFormattedMessage().contains(containing))
        .collect(Collectors.toList());
  }

  private static List<String> warnings(LogCapture logs, String containing) {
    return events(logs, containing).stream()
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  private static int warned(LogCapture logs) {
    return events(logs, "is still running on").size();
  }

  /** A manual clock whose every read on one thread moves time 1 ms, after {@link #tickOn}. */
  private static final class TickingClock implements SeamClock {
    private final ManualClock clock;
    private final AtomicLong extra = new AtomicLong();
    private volatile Thread ticking;

    TickingClock(ManualClock clock) {
      this.clock = clock;
    }

    void tickOn(Thread t) {
      ticking = t;
    }

    @Override
    public long nanoTime() {
      if (Thread.currentThread() == ticking) {
        return clock.nanoTime() + extra.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
      }
      return clock.nanoTime() + extra.get();
    }

    @Override
    public Scheduled schedule(Runnable action, long delayNanos) {
      return clock.schedule(action, delayNanos);
    }
  }
}
