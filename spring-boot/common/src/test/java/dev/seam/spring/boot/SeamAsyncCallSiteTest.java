package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeout;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.util.AopTestUtils;

/**
 * A failed {@code @SeamAsync} call names the application's code that called the proxied method as
 * its call site, not the AOP proxy in between.
 */
class SeamAsyncCallSiteTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
          .withPropertyValues(
              "seam.lanes.orders.max-concurrency=1", "seam.lanes.orders.capture-call-site=true");

  /** A sync service made async by annotations only. */
  public static class Orders {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @SeamAsync("orders")
    public CompletableFuture<String> load(long id) throws IOException {
      throw new IOException("disk gone reading order " + id);
    }

    @SeamAsync("orders")
    @SeamTimeout(100)
    public CompletableFuture<String> reprice() throws InterruptedException {
      started.countDown();
      release.await(30, TimeUnit.SECONDS);
      return CompletableFuture.completedFuture("repriced");
    }
  }

  // The application's code that makes the calls: the frame a failure must name first.
  private static CompletableFuture<String> showOrder(Orders orders) throws IOException {
    return orders.load(42);
  }

  private static CompletableFuture<String> repriceAll(Orders orders) throws InterruptedException {
    return orders.reprice();
  }

  @Test
  void aFailedCallNamesTheApplicationsCallerNotTheProxy() {
    runner
        .withBean(Orders.class)
        .run(
            ctx -> {
              Throwable failure = failure(showOrder(ctx.getBean(Orders.class)));

              assertThat(failure).isInstanceOf(SeamCallException.class);
              assertThat(failure.getCause()).isInstanceOf(IOException.class);
              assertCallerFirst(failure.getStackTrace(), "showOrder");
              assertThat(failure.getStackTrace()[1].getMethodName())
                  .isEqualTo("lambda$aFailedCallNamesTheApplicationsCallerNotTheProxy$0");
            });
  }

  @Test
  void aTimedOutCallNamesTheApplicationsCallerNotTheProxy() {
    ManualClock clock = new ManualClock();
    runner
        .withBean(Orders.class)
        .withBean(SeamLaneCustomizer.class, () -> (lane, builder) -> builder.clock(clock))
        .run(
            ctx -> {
              Orders orders = ctx.getBean(Orders.class);
              Orders probe = AopTestUtils.getUltimateTargetObject(orders);
              CompletableFuture<String> call = repriceAll(orders);
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              clock.advance(Duration.ofMillis(100));

              Throwable failure = failure(call);

              assertThat(failure).isInstanceOf(SeamTimeoutException.class);
              assertCallerFirst(failure.getStackTrace(), "repriceAll");
              probe.release.countDown();
            });
  }

  @Test
  void aCancelledCallNamesTheApplicationsCallerNotTheProxy() {
    ManualClock clock = new ManualClock();
    runner
        .withBean(Orders.class)
        .withBean(SeamLaneCustomizer.class, () -> (lane, builder) -> builder.clock(clock))
        .run(
            ctx -> {
              Orders orders = ctx.getBean(Orders.class);
              Orders probe = AopTestUtils.getUltimateTargetObject(orders);
              CompletableFuture<String> call = repriceAll(orders);
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              call.cancel(true);

              Throwable cancelled = catchThrowable(call::join);

              assertThat(cancelled).isInstanceOf(CancellationException.class);
              // Thrown where the cancel came from; the cause says where the call was made.
              assertCallerFirst(cancelled.getCause().getStackTrace(), "repriceAll");
              assertThat(ctx.getBean("orders", Seam.class).call(() -> "next")).succeedsWithin(WAIT);
            });
  }

  private static Throwable failure(CompletableFuture<?> call) {
    assertThat(call).failsWithin(WAIT);
    try {
      call.get();
      throw new AssertionError("the call did not fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertCallerFirst(StackTraceElement[] frames, String callerMethod) {
    assertThat(frames).isNotEmpty();
    String shown = Arrays.toString(Arrays.copyOf(frames, Math.min(frames.length, 8)));
    assertThat(frames[0].getClassName())
        .as("the first frame of %s", shown)
        .isEqualTo(SeamAsyncCallSiteTest.class.getName());
    assertThat(frames[0].getMethodName())
        .as("the first frame of %s", shown)
        .isEqualTo(callerMethod);
  }
}
