package dev.seam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

@ExtendWith(SeamLeakCheck.class)
class RecordingSeamTest {

  public interface LegacyOrders {
    String find(long id) throws IOException;

    int count();
  }

  public interface AsyncOrders {
    CompletableFuture<String> find(long id);

    CompletableFuture<Integer> count();
  }

  @Test
  void holdsCallsAndListsThemInSubmissionOrder() {
    LegacyOrders legacy = new FakeOrders();
    try (RecordingSeam seam = RecordingSeam.create("orders")) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);
      CompletableFuture<String> find = orders.find(1);
      CompletableFuture<Integer> count = orders.count();

      assertThat(find).isNotDone();
      assertThat(count).isNotDone();
      assertThat(seam.inFlight())
          .extracting(RecordedCall::description)
          .containsExactly("LegacyOrders.find(long)", "LegacyOrders.count()");
      assertThat(seam.stats().queued()).isEqualTo(2);
    }
  }

  @Test
  void testDecidesEachOutcome() throws Exception {
    IOException boom = new IOException("boom");
    try (RecordingSeam seam = RecordingSeam.create("orders")) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, new FakeOrders(), seam);
      CompletableFuture<String> ran = orders.find(7);
      CompletableFuture<String> completed = orders.find(8);
      CompletableFuture<String> failed = orders.find(9);
      CompletableFuture<String> timedOut = orders.find(10);

      seam.next().run();
      seam.next().complete("given");
      seam.next().fail(boom);
      seam.next().timeOut();

      assertThat(ran).isCompletedWithValue("order-7");
      assertThat(completed).isCompletedWithValue("given");
      assertThat(failureOf(failed)).isInstanceOf(SeamCallException.class).hasCause(boom);
      assertThat(failureOf(timedOut)).isInstanceOf(SeamTimeoutException.class);
      assertThat(seam.inFlight()).isEmpty();
      assertThat(seam.stats().succeeded()).isEqualTo(2);
      assertThat(seam.stats().failed()).isEqualTo(1);
      assertThat(seam.stats().timedOut()).isEqualTo(1);
    }
  }

  @Test
  void manualClockTimesOutHeldCallsAtTheirDeadline() {
    ManualClock clock = new ManualClock();
    try (RecordingSeam seam = RecordingSeam.create("orders", clock, Duration.ofSeconds(2))) {
      CompletableFuture<String> shortCall = seam.call(Duration.ofMillis(300), c -> "x");
      CompletableFuture<String> defaultCall = seam.call(() -> "y");

      clock.advance(Duration.ofMillis(300));
      assertThat(failureOf(shortCall)).isInstanceOf(SeamTimeoutException.class);
      assertThat(defaultCall).isNotDone();
      assertThat(seam.inFlight()).hasSize(1);

      clock.advance(Duration.ofMillis(1700));
      assertThat(((SeamTimeoutException) failureOf(defaultCall)).timeout())
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void runInstallsTheCallersMdcAndFailureCarriesTheSubmittingSite() {
    try (RecordingSeam seam = RecordingSeam.create("orders")) {
      MDC.put("request", "r-9");
      CompletableFuture<String> f;
      try {
        f =
            seam.call(
                Duration.ofSeconds(1),
                c -> {
                  throw new IOException("seen " + MDC.get("request"));
                });
      } finally {
        MDC.remove("request");
      }
      seam.next().run();
      Throwable failure = failureOf(f);
      assertThat(failure.getCause()).hasMessage("seen r-9");
      // The trace is the submitting site, not the frames that ran the work. (This test's own
      // frames are in dev.seam.testing, which call sites skip as library frames.)
      assertThat(failure.getStackTrace())
          .isNotEmpty()
          .noneMatch(e -> e.getClassName().equals(RecordedCall.class.getName()));
      assertThat(MDC.get("request")).isNull();
    }
  }

  @Test
  void cancelledCallLeavesTheListAndCannotBeDecidedAnymore() {
    try (RecordingSeam seam = RecordingSeam.create("orders")) {
      CompletableFuture<String> f = seam.call(() -> "x");
      RecordedCall call = seam.next();
      f.cancel(true);
      assertThat(seam.inFlight()).isEmpty();
      assertThat(seam.stats().cancelled()).isEqualTo(1);
      assertThatThrownBy(() -> call.complete("late"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already completed");
    }
  }

  @Test
  void cancelHooksRegisteredWhileRunningRunOnTimeout() throws Exception {
    ManualClock clock = new ManualClock();
    AtomicBoolean hookRan = new AtomicBoolean();
    try (RecordingSeam seam = RecordingSeam.create("orders", clock, Duration.ofSeconds(1))) {
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              c -> {
                c.onCancel(() -> hookRan.set(true));
                clock.advance(Duration.ofSeconds(1)); // the deadline passes while it runs
                return "late";
              });
      seam.next().run();
      assertThat(hookRan).isTrue();
      assertThat(failureOf(f)).isInstanceOf(SeamTimeoutException.class);
    }
  }

  @Test
  void awaitNextSeesACallSubmittedFromAnotherThread() throws Exception {
    try (RecordingSeam seam = RecordingSeam.create("orders")) {
      AtomicReference<CompletableFuture<String>> submitted = new AtomicReference<>();
      Thread other = new Thread(() -> submitted.set(seam.call(() -> "from elsewhere")));
      other.start();
      RecordedCall call = seam.awaitNext(Duration.ofSeconds(5));
      call.run();
      other.join();
      assertThat(submitted.get()).isCompletedWithValue("from elsewhere");
      assertThatThrownBy(() -> seam.awaitNext(Duration.ofMillis(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no call in flight");
    }
  }

  @Test
  void closeFailsHeldCallsAndRefusesNewOnes() {
    RecordingSeam seam = RecordingSeam.create("orders");
    CompletableFuture<String> held = seam.call(() -> "x");
    seam.close();
    assertThat(failureOf(held)).isInstanceOf(SeamClosedException.class);
    assertThat(failureOf(seam.call(() -> "y"))).isInstanceOf(SeamClosedException.class);
    assertThatThrownBy(seam::next).hasMessageContaining("no call in flight on seam 'orders'");
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static final class FakeOrders implements LegacyOrders {
    @Override
    public String find(long id) {
      return "order-" + id;
    }

    @Override
    public int count() {
      return 2;
    }
  }
}
