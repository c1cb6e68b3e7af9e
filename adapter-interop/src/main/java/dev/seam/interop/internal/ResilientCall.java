package dev.seam.interop.internal;

import dev.seam.ContextPropagator;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One call through an optional circuit breaker and an optional retry, against one overall deadline.
 * Each attempt is an ordinary seam call whose timeout is what is left of the deadline; between
 * attempts nothing holds a seam permit or thread: the next attempt is scheduled on the clock and
 * submitted with the caller's context installed.
 *
 * @param <T> the result type
 */
public final class ResilientCall<T> {
  private final Seam seam;
  private final SeamCallable<? extends T> task;
  private final CircuitBreaker breaker;
  private final Retry.AsyncContext<T> retry;
  private final SeamClock clock;
  private final CapturedContext context;
  private final long startNanos;
  private final long deadlineNanos;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile CompletableFuture<? extends T> attempt;
  private volatile SeamClock.Scheduled pendingRetry;

  private ResilientCall(
      Seam seam,
      SeamCallable<? extends T> task,
      CircuitBreaker breaker,
      Retry retry,
      SeamClock clock,
      CapturedContext context,
      Duration timeout) {
    this.seam = seam;
    this.task = task;
    this.breaker = breaker;
    this.retry = retry == null ? null : retry.asyncContext();
    this.clock = clock;
    this.context = context;
    this.startNanos = clock.nanoTime();
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  /**
   * Starts a call; the caller's context is captured here.
   *
   * @param seam where attempts run
   * @param task the blocking work
   * @param breaker consulted before each attempt, or null
   * @param retry decides about another attempt, or null
   * @param clock measures the deadline and schedules retries
   * @param propagators the context to carry to later attempts
   * @param timeout the overall deadline, from now
   * @param <T> the result type
   * @return the future of the whole call; completing or cancelling it stops the call
   */
  public static <T> CompletableFuture<T> start(
      Seam seam,
      SeamCallable<? extends T> task,
      CircuitBreaker breaker,
      Retry retry,
      SeamClock clock,
      java.util.List<ContextPropagator<?>> propagators,
      Duration timeout) {
    ResilientCall<T> call =
        new ResilientCall<>(
            seam, task, breaker, retry, clock, CapturedContext.capture(propagators), timeout);
    CompletableFuture<T> unused = call.result.whenComplete((v, e) -> call.stopWork());
    call.attempt();
    return call.result;
  }

  /** The caller completed or cancelled the result: stop the attempt and any pending retry. */
  private void stopWork() {
    SeamClock.Scheduled r = pendingRetry;
    if (r != null) {
      r.cancel();
    }
    CompletableFuture<? extends T> a = attempt;
    if (a != null) {
      a.cancel(true);
    }
  }

  private void attempt() {
    if (result.isDone()) {
      return;
    }
    long remaining = deadlineNanos - clock.nanoTime();
    if (remaining <= 0) {
      result.completeExceptionally(
          new SeamTimeoutException(
              seam.name(),
              Duration.ofNanos(deadlineNanos - startNanos),
              Duration.ZERO,
              Duration.ZERO,
              false));
      return;
    }
    if (breaker != null && !breaker.tryAcquirePermission()) {
      failed(CallNotPermittedException.createCallNotPermittedException(breaker));
      return;
    }
    long began = breaker != null ? breaker.getCurrentTimestamp() : 0;
    CompletableFuture<? extends T> f;
    try (ContextPropagator.Scope ignored = context.install()) {
      f = seam.call(Duration.ofNanos(remaining), task);
    }
    attempt = f;
    if (result.isDone()) {
      f.cancel(true); // the caller gave up while this attempt was being submitted
    }
    CompletableFuture<?> unused =
        f.whenComplete((value, error) -> attemptDone(value, error, began));
  }

  private void attemptDone(T value, Throwable error, long began) {
    if (error == null) {
      succeeded(value, began);
      return;
    }
    Throwable failure = unwrap(error);
    if (failure instanceof CancellationException) {
      if (breaker != null) {
        breaker.releasePermission(); // we cancelled it; it says nothing about the downstream
      }
      return;
    }
    if (breaker != null) {
      if (failure instanceof SeamRejectedException || failure instanceof SeamClosedException) {
        // Refused by our own bulkhead: it says nothing about the downstream's health.
        breaker.releasePermission();
      } else {
        breaker.onError(elapsed(began), breaker.getTimestampUnit(), original(failure));
      }
    }
    failed(failure);
  }

  private void succeeded(T value, long began) {
    if (breaker != null) {
      breaker.onResult(elapsed(began), breaker.getTimestampUnit(), value);
    }
    if (retry != null) {
      long delayMillis = retry.onResult(value);
      if (delayMillis >= 1 && retryFits(delayMillis)) {
        retryLater(delayMillis);
        return;
      }
      retry.onComplete();
    }
    result.complete(value);
  }

  private void failed(Throwable failure) {
    if (retry == null || result.isDone()) {
      result.completeExceptionally(failure);
      return;
    }
    long delayMillis = retry.onError(original(failure));
    if (delayMillis < 1 || !retryFits(delayMillis)) {
      result.completeExceptionally(failure);
      return;
    }
    retryLater(delayMillis);
  }

  /** An attempt after the delay must still have time to run before the overall deadline. */
  private boolean retryFits(long delayMillis) {
    return clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) < deadlineNanos;
  }

  private void retryLater(long delayMillis) {
    SeamClock.Scheduled r =
        clock.schedule(this::attempt, TimeUnit.MILLISECONDS.toNanos(delayMillis));
    pendingRetry = r;
    if (result.isDone()) {
      r.cancel();
    }
  }

  private long elapsed(long began) {
    return Math.max(0, breaker.getCurrentTimestamp() - began);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** What Resilience4j's predicates see: the domain exception, not Seam's wrapper. */
  private static Throwable original(Throwable failure) {
    return failure instanceof SeamCallException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
