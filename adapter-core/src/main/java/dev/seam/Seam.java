package dev.seam;

import dev.seam.internal.adapt.AsyncProxies;
import dev.seam.internal.scope.ScopeImpl;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A named, bounded lane for blocking work against one downstream (one database, one legacy
 * service): a bulkhead per bounded context that hands back {@link CompletableFuture}s.
 *
 * <h2>Contracts</h2>
 *
 * <ul>
 *   <li><b>Bounded.</b> At most {@code maxConcurrency} calls run and {@code maxQueued} wait. A call
 *       beyond that gets a future failed with {@link SeamRejectedException}; {@code call} never
 *       throws, never blocks and never runs the work on the caller's thread.
 *   <li><b>Deadline from submission.</b> Each call's timeout starts when it is submitted, so queue
 *       wait counts; a call whose deadline passes in the queue never starts.
 *   <li><b>Cancellation reaches the resource.</b> On timeout, {@code cancel(...)}, or any
 *       completion of the returned future by its holder ({@code complete}, {@code completeAsync},
 *       {@code obtrude...}, {@code orTimeout}), the future completes at once; then the call's
 *       {@linkplain CallContext#onCancel cancel hooks} run once on a seam cancel thread; then, if
 *       so configured, the worker is interrupted. This holds whatever moment the cancel lands: a
 *       call cancelled before or while its worker starts it either never starts or is interrupted.
 *       The hooks never wait for the future's dependent stages. The resource-level cancel (the
 *       hooks) always comes before the interrupt. The permit is held until the worker really
 *       returns; such calls show as {@link SeamStats#abandoned()}. A caller's {@code cancel} hands
 *       the hooks over (with none, interrupts the worker) before the future completes, so dependent
 *       stages run by that completion never delay them; the hooks start once the future is
 *       complete. Cancelling a <em>derived</em> stage ({@code f.thenApply(...).cancel(true)}, also
 *       {@code thenCompose}, {@code whenComplete}, {@code handle}, {@code exceptionally}..., at any
 *       depth) cancels the call as its own {@code cancel} would, and both fail with the same {@link
 *       SeamCancellationException}, as cancelling the output of Guava's {@code Futures.transform}
 *       cancels its input. This stops at a stage that combines two futures ({@code thenCombine},
 *       {@code applyToEither}...), at {@code copy()} and at {@code minimalCompletionStage()};
 *       completing a derived stage does not reach the call.
 *   <li><b>What stops what.</b> A call that registers hooks (the JDBC and HTTP adapters do) is
 *       stopped at the resource: {@code Statement.cancel()}, an aborted exchange. A plain {@code
 *       call(Callable)} and a {@link #adapt} proxy can only be interrupted, and a legacy client
 *       that ignores interrupts runs to its end (reported as abandoned until it does). On virtual
 *       threads an interrupt during socket I/O <em>closes the socket</em> (the JDK's behaviour), so
 *       a legacy client holding a pooled connection may lose it; turn interrupts off for such
 *       clients ({@link SeamBuilder#interruptOnCancel}) or register a hook that aborts cleanly.
 *   <li><b>Context.</b> The configured {@link ContextPropagator}s capture context on the submitting
 *       thread and install it on the worker for the call; the worker's own context is restored
 *       afterwards.
 *   <li><b>Failures explain themselves.</b> A failed future holds a {@link SeamException} that
 *       names the seam and the timings, whose stack trace is the submitting call site, and whose
 *       cause is the original exception.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Calls run on the seam's workers ({@code seam-<name>-<n>}). The returned future completes on the
 * worker when the call returns, or on the seam's timer thread ({@code seam-<name>-timer}) when the
 * deadline passes, or on the thread that cancels it. Every dependent stage attached to it (and to
 * the stages derived from those) runs inside the caller's context captured at submission, on
 * whatever thread runs it: the worker, the timer, a cancelling thread, or another thread blocked in
 * {@code get()}/{@code join()}, which {@link CompletableFuture} lets run pending stages. Keep
 * stages attached without {@code ...Async} short, or use {@link SeamBuilder#completeOn}. A worker
 * that submits to its own saturated seam and blocks on the result is not deadlocked forever: the
 * nested call is rejected when the queue is full and otherwise fails at its deadline.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface Seam extends AutoCloseable {

  /**
   * Starts building a seam.
   *
   * @param name names the seam in threads, logs, stats and exceptions; not empty
   * @return a builder with safe defaults
   */
  static SeamBuilder builder(String name) {
    return new SeamBuilder(name);
  }

  /**
   * Builds an async view of a sync implementation: each abstract method of {@code asyncType}
   * returns a {@code CompletableFuture<R>} or {@code CompletionStage<R>} and calls the sync method
   * of {@code impl} with the same name and parameters on {@code seam}.
   *
   * <pre>{@code
   * interface AsyncOrders {
   *   @SeamTimeout(300)
   *   CompletableFuture<Order> find(long id); // LegacyOrders: Order find(long id) throws SQLException
   * }
   * AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacyOrders, ordersDb);
   * }</pre>
   *
   * <p>Every abstract method is checked here, before the first call: a missing or ambiguous sync
   * method, or a sync return type that does not fit the future's type argument, fails at once with
   * an {@link IllegalArgumentException} that names each such method and what was expected. An exact
   * parameter match wins; otherwise one method whose parameters accept the async ones (boxing,
   * supertypes) is taken, and two or more are ambiguous. {@link SeamTimeout} on a method or on the
   * interface sets the per-call deadline.
   *
   * <p>Calls behave like {@link #call(CallOptions, SeamCallable)}: bounded, with a deadline from
   * submission, cancellable, with the caller's context; a sync method that throws (checked or not)
   * fails the future with a {@link SeamCallException} whose cause is that exception, unwrapped, and
   * whose stack trace is the caller's frame that called the proxy; a proxy call never throws for
   * Seam's own reasons. {@code default} methods of {@code asyncType} run as written on the calling
   * thread. One declared in an interface that is not public, or not in a package exported to module
   * {@code dev.seam}, needs its package open to {@code dev.seam} (on the class path every package
   * is); otherwise {@code adapt} fails at once, saying which {@code opens} to add. {@code equals}
   * is identity, {@code hashCode} the identity hash, {@code toString} names the interface, the
   * implementation class and the seam. The proxy is thread-safe if {@code impl} is.
   *
   * @param asyncType the async interface
   * @param impl the sync implementation, for example a legacy DAO or a Mockito mock
   * @param seam where the sync calls run
   * @param <A> the async interface type
   * @return a proxy implementing {@code asyncType}
   * @throws IllegalArgumentException if {@code asyncType} is not an interface, does not match
   *     {@code impl}, or has a default method that Seam has no access to run
   * @throws NullPointerException if an argument is null
   */
  static <A> A adapt(Class<A> asyncType, Object impl, Seam seam) {
    return AsyncProxies.create(asyncType, impl, seam);
  }

  /**
   * The seam's name.
   *
   * @return the name given to the builder
   */
  String name();

  /**
   * Submits a blocking call with the seam's default options.
   *
   * @param task the blocking work
   * @param <T> the result type
   * @return a future that completes with the result or a {@link SeamException}; a null task fails
   *     it with {@link NullPointerException}
   */
  <T> CompletableFuture<T> call(Callable<? extends T> task);

  /**
   * Submits a blocking call that uses its {@link CallContext}, with the seam's default options.
   *
   * @param task the blocking work; it receives its {@link CallContext}
   * @param <T> the result type
   * @return a future that completes with the result or a {@link SeamException}; a null task fails
   *     it with {@link NullPointerException}
   */
  <T> CompletableFuture<T> call(SeamCallable<? extends T> task);

  /**
   * Submits a blocking call with its own timeout, counted from now.
   *
   * @param timeout positive time from submission to the deadline
   * @param task the blocking work; it receives its {@link CallContext}
   * @param <T> the result type
   * @return a future that completes with the result or a {@link SeamException}; bad arguments fail
   *     it with {@link NullPointerException} or {@link IllegalArgumentException}
   */
  <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task);

  /**
   * Submits a blocking call with per-call options.
   *
   * @param options overrides of the seam's defaults
   * @param task the blocking work; it receives its {@link CallContext}
   * @param <T> the result type
   * @return a future that completes with the result or a {@link SeamException}; null arguments fail
   *     it with {@link NullPointerException}
   */
  <T> CompletableFuture<T> call(CallOptions options, SeamCallable<? extends T> task);

  /**
   * Opens a {@link SeamScope} whose calls run on this seam by default.
   *
   * @return a new open scope; close it with try-with-resources
   */
  default SeamScope scope() {
    return ScopeImpl.open(this);
  }

  /**
   * A consistent snapshot of the seam's gauges, counters and latency distributions.
   *
   * @return the snapshot
   */
  SeamStats stats();

  /**
   * Whether this seam can take work, with the numbers behind the verdict; see {@link SeamHealth}. A
   * seam built by {@link #builder} judges timeouts and rejections over a recent window (the last 10
   * to 20 seconds); this default judges from {@link #stats()} alone. Cheap; safe to call from a
   * probe on any thread.
   *
   * @return the health now
   * @since 0.1
   */
  default SeamHealth health() {
    SeamStats s = stats();
    if (isClosed()) {
      return new SeamHealth(SeamHealth.Status.CLOSED, "closed", s, 0, 0);
    }
    if (s.running() >= s.maxConcurrency() && s.queued() >= s.maxQueued()) {
      return new SeamHealth(SeamHealth.Status.SATURATED, "full: " + s, s, 0, 0);
    }
    if (s.abandoned() > 0) {
      return new SeamHealth(
          SeamHealth.Status.DEGRADED,
          s.abandoned() + " abandoned call(s) hold permits: " + s,
          s,
          0,
          0);
    }
    return new SeamHealth(SeamHealth.Status.HEALTHY, "ok", s, 0, 0);
  }

  /**
   * Whether {@link #close()} has begun.
   *
   * @return true once closing started
   */
  boolean isClosed();

  /**
   * Stops admission (new calls fail with {@link SeamClosedException}), waits up to the shutdown
   * grace for queued and running calls, then fails the rest with {@link SeamClosedException},
   * running their cancel hooks and interrupting their workers, and stops the seam's threads. Blocks
   * until then: when it returns, every future submitted before it is complete and no call body
   * starts any more. Idempotent: a second call waits for the first to finish.
   *
   * <p>It never waits on itself. Called again on the thread that is closing (from a dependent stage
   * of a future that this close fails), it returns at once. Called from one of the seam's own
   * threads (inside a call, a cancel hook, or a stage one of them runs), it stops admission and
   * returns at once, and a thread of its own, {@code seam-<name>-closer-1}, does the rest; a call
   * that closes its own seam is not cut off by that close. On an interrupted thread it skips the
   * grace, still completes every call and joins the threads (bounded), and keeps the interrupt.
   */
  @Override
  void close();
}
