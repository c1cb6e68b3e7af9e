package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeout;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.RecordedCall;
import dev.seam.testing.RecordingSeam;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class AdaptCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** The legacy boundary: blocking, with checked exceptions. */
  public interface LegacyOrders {
    String find(long id) throws IOException;

    int count() throws IOException;

    void archive(long id) throws IOException;
  }

  /** Public: its proxy lives in a JDK proxy module. */
  public interface AsyncOrders {
    CompletableFuture<String> find(long id);

    CompletionStage<Integer> count();

    CompletableFuture<Void> archive(long id);

    default CompletableFuture<String> findAndCount(long id) {
      return find(id).thenCombine(count(), (order, n) -> order + "/" + n);
    }
  }

  /** Package-private: its proxy lives in this package as $ProxyN. */
  interface HiddenAsyncOrders {
    CompletableFuture<String> find(long id);
  }

  /** Package-private with a default method: Seam needs private access to run it. */
  interface HiddenLabelledOrders {
    CompletableFuture<String> find(long id);

    default CompletableFuture<String> findLabelled(long id) {
      return find(id).thenApply(order -> "#" + order);
    }
  }

  /** Package-private, lending its default method to a public interface. */
  interface HiddenCounting {
    CompletionStage<Integer> count();

    default CompletableFuture<Integer> countTwice() {
      return count().thenCombine(count(), Integer::sum).toCompletableFuture();
    }
  }

  /** Public, but its default method is declared where Seam has no access. */
  public interface PublicCounting extends HiddenCounting {}

  @SeamTimeout(value = 2, unit = ChronoUnit.SECONDS)
  interface TimedOrders {
    @SeamTimeout(300)
    CompletableFuture<String> find(long id);

    CompletableFuture<Integer> count();
  }

  /** Deadlines beyond what a {@code long} of nanoseconds holds: "no deadline", in practice. */
  interface ForeverOrders {
    @SeamTimeout(value = Long.MAX_VALUE, unit = ChronoUnit.SECONDS)
    CompletableFuture<String> find(long id);

    @SeamTimeout(value = Long.MAX_VALUE, unit = ChronoUnit.DAYS) // more than a Duration holds
    CompletableFuture<Integer> count();
  }

  @Test
  void callRunsTheSyncMethodOnASeamWorker() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    String[] thread = new String[1];
    when(legacy.find(42))
        .thenAnswer(
            inv -> {
              thread[0] = Thread.currentThread().getName();
              return "order-42";
            });
    try (Seam seam = Seam.builder("orders").build()) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);
      assertThat(orders.find(42)).succeedsWithin(WAIT).isEqualTo("order-42");
    }
    assertThat(thread[0]).startsWith("seam-orders-");
  }

  @Test
  void completionStageVoidAndPrimitiveReturnsAreForwarded() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.count()).thenReturn(7);
    try (Seam seam = ImmediateSeam.create("orders")) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);
      assertThat(orders.count().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(7);
      assertThat(orders.archive(3)).succeedsWithin(WAIT).isNull();
      verify(legacy).archive(3);
    }
  }

  @Test
  void checkedExceptionIsTheCauseUnwrapped() {
    IOException boom = new IOException("connection reset");
    LegacyOrders legacy =
        new LegacyOrders() {
          @Override
          public String find(long id) throws IOException {
            throw boom;
          }

          @Override
          public int count() {
            return 0;
          }

          @Override
          public void archive(long id) {}
        };
    try (Seam seam = Seam.builder("orders").build()) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);
      assertThat(orders.find(1))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(SeamCallException.class)
          .extracting(Throwable::getCause)
          .isSameAs(boom);
    }
  }

  @Test
  void failureStackTraceStartsAtTheFrameThatCalledTheProxy() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(1)).thenThrow(new IOException("gone"));
    try (Seam seam = Seam.builder("orders").build()) {
      Throwable viaPublic = failureOf(Seam.adapt(AsyncOrders.class, legacy, seam).find(1));
      Throwable viaHidden = failureOf(Seam.adapt(HiddenAsyncOrders.class, legacy, seam).find(1));
      for (Throwable t : new Throwable[] {viaPublic, viaHidden}) {
        StackTraceElement top = t.getStackTrace()[0];
        assertThat(top.getClassName()).isEqualTo(AdaptCallsTest.class.getName());
        assertThat(top.getMethodName())
            .isEqualTo("failureStackTraceStartsAtTheFrameThatCalledTheProxy");
      }
    }
  }

  private static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void methodAnnotationSetsTheDeadlineAndTypeAnnotationTheRest() throws Exception {
    ManualClock clock = new ManualClock();
    CountDownLatch release = new CountDownLatch(1);
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(1))
        .thenAnswer(
            inv -> {
              release.await();
              return "late";
            });
    when(legacy.count())
        .thenAnswer(
            inv -> {
              release.await();
              return 1;
            });
    try (Seam seam =
        Seam.builder("orders")
            .clock(clock)
            .timeout(Duration.ofSeconds(30))
            .maxConcurrency(2)
            .build()) {
      TimedOrders orders = Seam.adapt(TimedOrders.class, legacy, seam);
      CompletableFuture<String> find = orders.find(1);
      CompletableFuture<Integer> count = orders.count();

      clock.advance(Duration.ofMillis(300));
      assertThat(timeoutOf(find).timeout()).isEqualTo(Duration.ofMillis(300));
      assertThat(timeoutOf(find))
          .hasMessageStartingWith("seam 'orders' call \"LegacyOrders.find(long)\" timed out");
      assertThat(count).isNotDone();

      clock.advance(Duration.ofMillis(1700));
      assertThat(timeoutOf(count).timeout()).isEqualTo(Duration.ofSeconds(2));
      release.countDown();
    }
  }

  @Test
  void timeoutAnnotationsBeyondLongNanosAreCappedThereAndNeverThrow() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(1)).thenReturn("order-1");
    when(legacy.count()).thenReturn(3);
    RecordingSeam seam = RecordingSeam.create("orders");
    try (seam) {
      ForeverOrders orders = Seam.adapt(ForeverOrders.class, legacy, seam);
      CompletableFuture<String> find = orders.find(1);
      CompletableFuture<Integer> count = orders.count();
      assertThat(seam.inFlight())
          .extracting(RecordedCall::timeout)
          .containsExactly(Duration.ofNanos(Long.MAX_VALUE), Duration.ofNanos(Long.MAX_VALUE));
      assertThat(seam.runAll()).isEqualTo(2);
      assertThat(find).succeedsWithin(WAIT).isEqualTo("order-1");
      assertThat(count).succeedsWithin(WAIT).isEqualTo(3);
    }
  }

  @Test
  void cappedTimeoutAnnotationRunsOnARealSeamWithoutTimingOut() throws Exception {
    ManualClock clock = new ManualClock();
    CountDownLatch release = new CountDownLatch(1);
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(1))
        .thenAnswer(
            inv -> {
              release.await();
              return "patient";
            });
    try (Seam seam = Seam.builder("orders").clock(clock).build()) {
      ForeverOrders orders = Seam.adapt(ForeverOrders.class, legacy, seam);
      CompletableFuture<String> find = orders.find(1);
      clock.advance(Duration.ofDays(365 * 100));
      assertThat(find).isNotDone();
      release.countDown();
      assertThat(find).succeedsWithin(WAIT).isEqualTo("patient");
    }
  }

  private static SeamTimeoutException timeoutOf(CompletableFuture<?> f)
      throws InterruptedException {
    assertThat(f).isCompletedExceptionally();
    Throwable t = failureOf(f);
    assertThat(t).isInstanceOf(SeamTimeoutException.class);
    return (SeamTimeoutException) t;
  }

  @Test
  void defaultMethodRunsAsWrittenOverForwardedCalls() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(5)).thenReturn("order-5");
    when(legacy.count()).thenReturn(9);
    try (Seam seam = ImmediateSeam.create("orders")) {
      AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacy, seam);
      assertThat(orders.findAndCount(5)).succeedsWithin(WAIT).isEqualTo("order-5/9");
      assertThat(seam.stats().succeeded()).isEqualTo(2);
    }
  }

  @Test
  void defaultMethodOfPackagePrivateInterfaceRunsAsWritten() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(5)).thenReturn("order-5");
    try (Seam seam = ImmediateSeam.create("orders")) {
      HiddenLabelledOrders orders = Seam.adapt(HiddenLabelledOrders.class, legacy, seam);
      assertThat(orders.findLabelled(5)).succeedsWithin(WAIT).isEqualTo("#order-5");
    }
  }

  @Test
  void defaultMethodInheritedFromPackagePrivateInterfaceRunsAsWritten() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.count()).thenReturn(4);
    try (Seam seam = ImmediateSeam.create("orders")) {
      PublicCounting orders = Seam.adapt(PublicCounting.class, legacy, seam);
      assertThat(orders.countTwice()).succeedsWithin(WAIT).isEqualTo(8);
      assertThat(seam.stats().succeeded()).isEqualTo(2);
    }
  }

  @Test
  void objectMethodsDescribeTheProxyAndUseIdentity() {
    LegacyOrders legacy = mock(LegacyOrders.class);
    try (Seam seam = ImmediateSeam.create("orders")) {
      AsyncOrders a = Seam.adapt(AsyncOrders.class, legacy, seam);
      AsyncOrders b = Seam.adapt(AsyncOrders.class, legacy, seam);
      Object same = a;
      assertThat(a.equals(same)).isTrue();
      assertThat(a.equals(b)).isFalse();
      assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
      assertThat(a.toString()).contains("AsyncOrders", "LegacyOrders", "seam 'orders'");
    }
  }

  @Test
  void argumentsAreForwardedAndNullToPrimitiveFailsTheFuture() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(8)).thenReturn("order-8");
    try (Seam seam = ImmediateSeam.create("orders")) {
      interface Boxed {
        CompletableFuture<String> find(Long id);
      }
      Boxed orders = Seam.adapt(Boxed.class, legacy, seam);
      assertThat(orders.find(8L)).succeedsWithin(WAIT).isEqualTo("order-8");
      assertThat(failureOf(orders.find(null)))
          .isInstanceOf(SeamCallException.class)
          .cause()
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("LegacyOrders.find(long)");
    }
  }
}
