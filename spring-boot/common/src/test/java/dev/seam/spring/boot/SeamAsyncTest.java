package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeout;
import dev.seam.SeamTimeoutException;
import dev.seam.spring.boot.internal.SeamAsyncFailureAnalyzer;
import dev.seam.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.util.AopTestUtils;

class SeamAsyncTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
          .withPropertyValues(
              "seam.lanes.legacy.max-concurrency=1", "seam.lanes.legacy.max-queued=5");

  /** A sync service made async by annotations only; its fields are read on the proxy's target. */
  public static class Legacy {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch hookRan = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean quickRan = new AtomicBoolean();
    final AtomicReference<String> thread = new AtomicReference<>();

    @SeamAsync("legacy")
    public CompletableFuture<String> whereAmI() {
      thread.set(Thread.currentThread().getName());
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }

    @SeamAsync("legacy")
    public CompletionStage<String> block() {
      CallContext call = SeamAsyncCall.context().orElseThrow();
      call.onCancel(hookRan::countDown);
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture("released");
    }

    @SeamAsync("legacy")
    @SeamTimeout(100)
    public CompletableFuture<String> quick() {
      quickRan.set(true);
      return CompletableFuture.completedFuture("quick");
    }

    @SeamAsync("legacy")
    public CompletableFuture<String> fails() throws IOException {
      throw new IOException("disk gone");
    }

    @SeamAsync("legacy")
    public CompletableFuture<String> returnsFailed() {
      return CompletableFuture.failedFuture(new IllegalStateException("no such order"));
    }

    public CompletableFuture<String> selfInvoking() {
      return whereAmI();
    }

    public String plain() {
      return Thread.currentThread().getName();
    }
  }

  @Test
  void theBodyRunsOnTheNamedLaneAndItsResultCompletesTheCallersFuture() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              assertThat(AopUtils.isCglibProxy(legacy)).isTrue();
              assertThat(legacy.whereAmI())
                  .succeedsWithin(WAIT)
                  .asString()
                  .startsWith("seam-legacy-");
              assertThat(legacy.plain())
                  .as("methods without @SeamAsync run as written")
                  .isEqualTo(Thread.currentThread().getName());
              assertThat(ctx.getBean("legacy", Seam.class).stats().succeeded()).isEqualTo(1);
              assertThat(SeamAsyncCall.context()).as("only inside the body").isEmpty();
            });
  }

  @Test
  void selfInvocationBypassesTheProxyAndRunsOnTheCallersThread() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx ->
                assertThat(ctx.getBean(Legacy.class).selfInvoking())
                    .succeedsWithin(WAIT)
                    .isEqualTo(Thread.currentThread().getName()));
  }

  @Test
  void cancellingTheReturnedFutureRunsTheBodysHooksAndInterruptsIt() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              Legacy probe = AopTestUtils.getUltimateTargetObject(legacy);
              CompletableFuture<String> call = legacy.block().toCompletableFuture();
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              assertThat(call.cancel(true)).isTrue();
              assertThat(probe.hookRan.await(10, TimeUnit.SECONDS)).isTrue();
              Seam lane = ctx.getBean("legacy", Seam.class);
              // The permit comes back only when the body really returned.
              assertThat(lane.call(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
              assertThat(probe.interrupted).isTrue();
              assertThat(probe.release.getCount()).as("not released by the test").isOne();
            });
  }

  @Test
  void cancellingAStageDerivedFromTheFutureReachesTheBody() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              Legacy probe = AopTestUtils.getUltimateTargetObject(legacy);
              CompletableFuture<Integer> derived =
                  legacy.block().thenApply(String::length).toCompletableFuture();
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              derived.cancel(true);
              assertThat(probe.hookRan.await(10, TimeUnit.SECONDS)).isTrue();
              assertThat(ctx.getBean("legacy", Seam.class).call(() -> "next")).succeedsWithin(WAIT);
              assertThat(probe.interrupted).isTrue();
            });
  }

  @Test
  void theDeadlineCountsQueueWaitAndAnExpiredBodyNeverStarts() {
    ManualClock clock = new ManualClock();
    runner
        .withBean(Legacy.class)
        .withBean(SeamLaneCustomizer.class, () -> (lane, builder) -> builder.clock(clock))
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              Legacy probe = AopTestUtils.getUltimateTargetObject(legacy);
              CompletionStage<String> first = legacy.block();
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              CompletableFuture<String> queued = legacy.quick(); // @SeamTimeout(100), lane full
              clock.advance(Duration.ofMillis(99));
              assertThat(queued).isNotDone();
              clock.advance(Duration.ofMillis(1));
              assertThat(queued)
                  .failsWithin(WAIT)
                  .withThrowableThat()
                  .havingCause()
                  .isInstanceOf(SeamTimeoutException.class);
              probe.release.countDown();
              assertThat(first).succeedsWithin(WAIT).isEqualTo("released");
              assertThat(ctx.getBean("legacy", Seam.class).call(() -> "after"))
                  .succeedsWithin(WAIT);
              assertThat(probe.quickRan).as("its deadline passed in the queue").isFalse();
            });
  }

  @Test
  void whatTheBodyThrowsOrFailsWithIsTheCause() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              assertThat(legacy.fails())
                  .failsWithin(WAIT)
                  .withThrowableThat()
                  .havingCause()
                  .isInstanceOf(SeamCallException.class)
                  .havingCause()
                  .isInstanceOf(IOException.class)
                  .withMessage("disk gone");
              assertThat(legacy.returnsFailed())
                  .failsWithin(WAIT)
                  .withThrowableThat()
                  .havingCause()
                  .isInstanceOf(SeamCallException.class)
                  .havingCause()
                  .isInstanceOf(IllegalStateException.class)
                  .withMessage("no such order");
            });
  }

  @Test
  void theReturnedFutureIsTheLanesSoItNeverCompletesTwice() {
    runner
        .withBean(Legacy.class)
        .run(
            ctx -> {
              Legacy legacy = ctx.getBean(Legacy.class);
              Legacy probe = AopTestUtils.getUltimateTargetObject(legacy);
              CompletableFuture<String> call = legacy.block().toCompletableFuture();
              assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
              call.cancel(true);
              probe.release.countDown();
              assertThat(call).isCancelled();
              assertThat(call)
                  .failsWithin(WAIT)
                  .withThrowableThat()
                  .isInstanceOf(CancellationException.class);
            });
  }

  /** Its lane does not exist. */
  public static class MissingLane {
    @SeamAsync("nowhere")
    public CompletableFuture<String> find(long id) {
      return CompletableFuture.completedFuture("x" + id);
    }
  }

  /** Returns what no lane can give. */
  public static class WrongReturn {
    @SeamAsync("legacy")
    public String find(long id) {
      return "x" + id;
    }
  }

  /** A proxy cannot run it. */
  public static class FinalMethod {
    @SeamAsync("legacy")
    public final CompletableFuture<String> find() {
      return CompletableFuture.completedFuture("x");
    }
  }

  /** A deadline that is no time. */
  public static class ZeroTimeout {
    @SeamAsync("legacy")
    @SeamTimeout(value = 0, unit = ChronoUnit.SECONDS)
    public CompletableFuture<String> find() {
      return CompletableFuture.completedFuture("x");
    }
  }

  @Test
  void aMissingLaneFailsStartUpNamingTheMethodAndTheLane() {
    runner
        .withBean(MissingLane.class)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis = analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(MissingLane.class.getName() + ".find(long)")
                  .contains("lane 'nowhere' is no Seam bean")
                  .contains("[legacy]");
              assertThat(analysis.getAction()).contains("seam.lanes.<name>");
            });
  }

  @Test
  void aWrongReturnTypeFailsStartUpNamingTheMethod() {
    runner
        .withBean(WrongReturn.class)
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getDescription())
                    .contains(WrongReturn.class.getName() + ".find(long)")
                    .contains("returns java.lang.String"));
  }

  @Test
  void aMethodNoProxyCanRunOrABadTimeoutFailsStartUp() {
    runner
        .withBean(FinalMethod.class)
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getDescription())
                    .contains(FinalMethod.class.getName() + ".find()")
                    .contains("it is final"));
    runner
        .withBean(ZeroTimeout.class)
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getDescription())
                    .contains(ZeroTimeout.class.getName() + ".find()")
                    .contains("@SeamTimeout(0, Seconds)"));
  }

  @Test
  void aBeanWithoutSeamAsyncIsNotProxied() {
    runner
        .withBean(StringBuilder.class)
        .run(ctx -> assertThat(AopUtils.isAopProxy(ctx.getBean(StringBuilder.class))).isFalse());
  }

  @Test
  void theFailureAnalyzerIsRegisteredWithSpringBoot() {
    SpringFactoriesLoader.FailureHandler skipOthers = (type, name, failure) -> {};
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, skipOthers))
        .anyMatch(SeamAsyncFailureAnalyzer.class::isInstance);
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new SeamAsyncFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }
}
