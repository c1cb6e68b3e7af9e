package dev.seam.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

@ExtendWith(SeamLeakCheck.class)
class ResilientCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static Retry retry(int attempts, Duration wait) {
    return Retry.of(
        "orders", RetryConfig.custom().maxAttempts(attempts).waitDuration(wait).build());
  }

  @Test
  void retryRerunsWithTheCallersMdcOnEveryAttempt() throws Exception {
    ManualClock manual = new ManualClock();
    RecordingClock clock = new RecordingClock(manual);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Seam seam = Seam.builder("orders").clock(manual).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam).retry(retry(3, Duration.ofMillis(100))).clock(clock).build();
      MDC.put("request", "r-1");
      CompletableFuture<String> result;
      try {
        result =
            calls.call(
                Duration.ofSeconds(10),
                call -> {
                  seen.add(MDC.get("request") + "@" + Thread.currentThread().getName());
                  if (seen.size() < 3) {
                    throw new IOException("transient");
                  }
                  return "ok";
                });
      } finally {
        MDC.remove("request");
      }
      // The retries are fired from this thread, whose MDC no longer has the request id.
      for (int i = 0; i < 2; i++) {
        manual.advance(clock.nextDelay());
      }
      assertThat(result).succeedsWithin(WAIT).isEqualTo("ok");
    }
    assertThat(seen).hasSize(3).allMatch(s -> s.startsWith("r-1@seam-orders-"));
  }

  @Test
  void retryDelayHoldsNoSeamThreadOrPermit() throws Exception {
    ManualClock manual = new ManualClock();
    RecordingClock clock = new RecordingClock(manual);
    AtomicInteger attempts = new AtomicInteger();
    try (Seam seam = Seam.builder("orders").clock(manual).maxConcurrency(1).maxQueued(1).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam).retry(retry(2, Duration.ofHours(1))).clock(clock).build();
      CompletableFuture<String> retried =
          calls.call(
              Duration.ofHours(2),
              call -> {
                if (attempts.incrementAndGet() == 1) {
                  throw new IOException("transient");
                }
                return "second";
              });
      assertThat(clock.nextDelay()).isEqualTo(Duration.ofHours(1));

      // One permit: this runs only if the waiting retry does not hold it (a retry sleeping on
      // the worker would hold it for the whole hour).
      assertThat(seam.call(() -> "other")).succeedsWithin(WAIT).isEqualTo("other");
      assertThat(retried).isNotDone();

      manual.advance(Duration.ofHours(1));
      assertThat(retried).succeedsWithin(WAIT).isEqualTo("second");
    }
  }

  @Test
  void retryIsNotMadeWhenItCannotStartBeforeTheOverallDeadline() {
    ManualClock clock = new ManualClock();
    AtomicInteger attempts = new AtomicInteger();
    IOException last = new IOException("still down");
    try (Seam seam = ImmediateSeam.builder("orders").clock(clock).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam)
              .retry(retry(10, Duration.ofMillis(400)))
              .clock(clock)
              .build();
      CompletableFuture<Object> result =
          calls.call(
              Duration.ofSeconds(1),
              call -> {
                attempts.incrementAndGet();
                throw last;
              });
      clock.advance(Duration.ofMillis(400));
      clock.advance(Duration.ofMillis(400));

      // Third attempt failed at 800 ms; a fourth could not start before 1 s.
      assertThat(attempts).hasValue(3);
      assertThat(result)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(SeamCallException.class)
          .extracting(Throwable::getCause)
          .isSameAs(last);
      assertThat(clock.pending()).isZero();
    }
  }

  @Test
  void attemptRunningAtTheOverallDeadlineTimesOutTheWholeCall() throws Exception {
    ManualClock manual = new ManualClock();
    RecordingClock clock = new RecordingClock(manual);
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch hookRan = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    try (Seam seam = Seam.builder("orders").clock(manual).interruptOnCancel(false).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam).retry(retry(5, Duration.ofMillis(400))).clock(clock).build();
      CompletableFuture<String> result =
          calls.call(
              Duration.ofSeconds(1),
              call -> {
                if (attempts.incrementAndGet() == 1) {
                  throw new IOException("transient");
                }
                secondStarted.countDown();
                return hang(call, hookRan);
              });
      manual.advance(clock.nextDelay());
      assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
      manual.advance(Duration.ofMillis(600));

      SeamTimeoutException timeout =
          (SeamTimeoutException)
              assertThat(result)
                  .failsWithin(WAIT)
                  .withThrowableOfType(ExecutionException.class)
                  .actual()
                  .getCause();
      assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(600));
      assertThat(hookRan.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(attempts).hasValue(2);
      assertThat(clock.nothingScheduled()).isTrue();
    }
  }

  private static String hang(CallContext call, CountDownLatch hookRan) throws InterruptedException {
    call.onCancel(hookRan::countDown);
    hookRan.await();
    return "too late";
  }

  @Test
  void openBreakerFailsFastWithoutTakingAPermit() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("orders");
    breaker.transitionToForcedOpenState();
    AtomicInteger ran = new AtomicInteger();
    try (Seam seam = Seam.builder("orders").build()) {
      ResilientCalls calls = ResilientCalls.builder(seam).circuitBreaker(breaker).build();
      CompletableFuture<Integer> result = calls.call(ran::incrementAndGet);

      assertThat(result.isCompletedExceptionally()).isTrue();
      assertThat(result)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(CallNotPermittedException.class);
      assertThat(seam.stats().submitted()).isZero();
      assertThat(seam.stats().running()).isZero();
      assertThat(ran).hasValue(0);
    }
  }

  @Test
  void breakerCountsTheDomainExceptionAndOpens() {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "orders",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .recordExceptions(IOException.class)
                .build());
    try (Seam seam = ImmediateSeam.create("orders")) {
      ResilientCalls calls = ResilientCalls.builder(seam).circuitBreaker(breaker).build();
      for (int i = 0; i < 2; i++) {
        assertThat(
                calls.<String>call(
                    () -> {
                      throw new IOException("down");
                    }))
            .isCompletedExceptionally();
      }
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(calls.call(() -> "x"))
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(CallNotPermittedException.class);
      assertThat(seam.stats().submitted()).isEqualTo(2);
    }
  }

  @Test
  void seamRejectionIsNotCountedAgainstTheDownstream() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("orders");
    try (Seam seam = Seam.builder("orders").maxConcurrency(1).maxQueued(0).build()) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> busy = seam.call(() -> release.await(5, TimeUnit.SECONDS));
      ResilientCalls calls = ResilientCalls.builder(seam).circuitBreaker(breaker).build();

      assertThat(calls.call(() -> "x"))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamRejectedException.class);
      assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
      release.countDown();
      assertThat(busy).succeedsWithin(WAIT);
    }
  }

  @Test
  void cancellingTheCallCancelsTheRunningAttemptAndReleasesTheBreaker() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch hookRan = new CountDownLatch(1);
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("orders");
    try (Seam seam = Seam.builder("orders").interruptOnCancel(false).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam)
              .retry(retry(3, Duration.ofMillis(10)))
              .circuitBreaker(breaker)
              .build();
      CompletableFuture<String> result =
          calls.call(
              WAIT,
              call -> {
                started.countDown();
                return hang(call, hookRan);
              });
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      result.cancel(true);
      assertThat(hookRan.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }
  }

  @Test
  void cancellingDuringTheRetryDelayDropsTheRetry() {
    ManualClock clock = new ManualClock();
    AtomicInteger attempts = new AtomicInteger();
    try (Seam seam = ImmediateSeam.builder("orders").clock(clock).build()) {
      ResilientCalls calls =
          ResilientCalls.builder(seam).retry(retry(3, Duration.ofMillis(100))).clock(clock).build();
      CompletableFuture<Object> result =
          calls.call(
              Duration.ofSeconds(5),
              call -> {
                attempts.incrementAndGet();
                throw new IOException("transient");
              });
      assertThat(clock.pending()).isEqualTo(1);
      result.cancel(true);
      clock.advance(Duration.ofSeconds(1));
      assertThat(attempts).hasValue(1);
      assertThat(clock.pending()).isZero();
    }
  }
}
