package dev.seam.interop;

import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.interop.internal.ResilientCall;
import dev.seam.interop.internal.SystemScheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Calls to a seam through a Resilience4j {@link Retry} and/or {@link CircuitBreaker}, composed so
 * that the seam's guarantees survive: one deadline for the whole call, cancellation that reaches
 * the running attempt, and the caller's context on every attempt.
 *
 * <pre>{@code
 * ResilientCalls orders =
 *     ResilientCalls.builder(ordersDb)
 *         .retry(Retry.of("orders", RetryConfig.custom().maxAttempts(3).build()))
 *         .circuitBreaker(CircuitBreaker.ofDefaults("orders"))
 *         .build();
 * CompletableFuture<Order> order = orders.call(Duration.ofSeconds(2), call -> dao.find(id));
 * }</pre>
 *
 * <h2>How a call runs</h2>
 *
 * The retry is outermost, the breaker inside it, the seam innermost. Each attempt first asks the
 * breaker for permission; an open breaker fails the attempt at once with Resilience4j's {@code
 * CallNotPermittedException} and never submits to the seam, so it takes no seam permit and no queue
 * slot. A permitted attempt is a seam call whose timeout is what remains of the overall deadline,
 * so the deadline counts from the first submission across all attempts. The retry and the breaker
 * see the original exception (the {@linkplain Throwable#getCause() cause} of a {@link
 * dev.seam.SeamCallException}), so their predicates name domain exceptions such as {@code
 * SQLTransientException}; Seam's own exceptions (timeout, rejected) they see as they are. The
 * breaker records a timed-out attempt as a failure, but not one that the seam rejected or refused
 * because it was closing: that is the seam's own load shedding, not the downstream's health.
 *
 * <h2>Timeouts, retries and threads</h2>
 *
 * A retry delay is scheduled on the {@linkplain Builder#clock clock}, never waited out on a seam
 * thread, and a retry that could not start before the deadline is not made: the call fails at once
 * with the last failure. When the deadline passes during an attempt, the call fails with that
 * attempt's {@link dev.seam.SeamTimeoutException}. The next attempt is submitted from the clock's
 * thread with the context captured from the thread that called {@code call} installed, so every
 * attempt runs with the caller's MDC and trace, not the timer's.
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling (or otherwise completing) the returned future cancels the running attempt, which runs
 * its cancel hooks as any seam call does, and drops a pending retry. A cancelled attempt releases
 * its breaker permission without counting as a failure.
 *
 * <p>Instances are immutable and thread-safe. Needs {@code resilience4j-retry} and {@code
 * resilience4j-circuitbreaker} on the class path or module path.
 *
 * @since 0.1
 */
// Resilience4j is an optional dependency: whoever uses this class reads its module already, and
// `requires static transitive` would make every modular user of seam-interop need it to compile.
@SuppressWarnings("exports")
public final class ResilientCalls {
  private final Seam seam;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final SeamClock clock;
  private final Duration timeout;
  private final List<ContextPropagator<?>> propagators;

  private ResilientCalls(Builder b) {
    this.seam = b.seam;
    this.retry = b.retry;
    this.breaker = b.breaker;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.propagators = b.propagators;
  }

  /**
   * Starts configuring calls to {@code seam}.
   *
   * @param seam where attempts run
   * @return a builder
   * @throws NullPointerException if {@code seam} is null
   */
  public static Builder builder(Seam seam) {
    return new Builder(Objects.requireNonNull(seam, "seam"));
  }

  /**
   * Runs {@code task} with the configured overall timeout.
   *
   * @param task the blocking work
   * @param <T> the result type
   * @return the future of the whole call; a null task fails it with {@link NullPointerException}
   */
  public <T> CompletableFuture<T> call(Callable<? extends T> task) {
    if (task == null) {
      return CompletableFuture.failedFuture(new NullPointerException("task is null"));
    }
    return call(timeout, c -> task.call());
  }

  /**
   * Runs {@code task} with its own overall timeout, counted from now across every attempt.
   *
   * @param timeout positive time from now to the deadline of the whole call
   * @param task the blocking work; it receives each attempt's {@link dev.seam.CallContext}
   * @param <T> the result type
   * @return the future of the whole call; bad arguments fail it with {@link NullPointerException}
   *     or {@link IllegalArgumentException}
   */
  public <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task) {
    if (timeout == null || task == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException((timeout == null ? "timeout" : "task") + " is null"));
    }
    if (timeout.isNegative() || timeout.isZero()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("timeout <= 0: " + timeout));
    }
    return ResilientCall.start(seam, task, breaker, retry, clock, propagators, timeout);
  }

  @Override
  public String toString() {
    return "ResilientCalls{seam="
        + seam.name()
        + ", retry="
        + (retry == null ? "none" : retry.getName())
        + ", circuitBreaker="
        + (breaker == null ? "none" : breaker.getName())
        + ", timeout="
        + timeout
        + "}";
  }

  /**
   * Configures {@link ResilientCalls}. Not thread-safe; build on one thread.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Seam seam;
    private Retry retry;
    private CircuitBreaker breaker;
    private SeamClock clock = SystemScheduler.INSTANCE;
    private Duration timeout = Duration.ofSeconds(30);
    private List<ContextPropagator<?>> propagators = List.copyOf(Propagators.defaults());

    private Builder(Seam seam) {
      this.seam = seam;
    }

    /**
     * The retry. Default: none (one attempt).
     *
     * @param retry the Resilience4j retry; its config decides which failures and results retry and
     *     how long to wait
     * @return this builder
     */
    public Builder retry(Retry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * The circuit breaker, asked before each attempt. Default: none.
     *
     * @param breaker the Resilience4j circuit breaker
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker breaker) {
      this.breaker = Objects.requireNonNull(breaker, "breaker");
      return this;
    }

    /**
     * The overall timeout of {@link ResilientCalls#call(Callable)}. Default 30 seconds, like a
     * seam's default.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The clock that measures the overall deadline and schedules retry delays. Default: the system
     * clock, with delays run by the JDK's shared delay scheduler. Tests pass the same {@code
     * ManualClock} as the seam's.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(SeamClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The context captured from the caller and installed around every attempt's submission.
     * Default: {@link Propagators#defaults()}. Give the same propagators as the seam's.
     *
     * @param propagators the propagators
     * @return this builder
     */
    public Builder propagate(ContextPropagator<?>... propagators) {
      this.propagators = List.copyOf(Arrays.asList(propagators));
      return this;
    }

    /**
     * Builds the calls.
     *
     * @return the immutable {@link ResilientCalls}
     */
    public ResilientCalls build() {
      return new ResilientCalls(this);
    }
  }
}
