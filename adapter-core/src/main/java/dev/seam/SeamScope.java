package dev.seam;

import dev.seam.internal.scope.ScopeImpl;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A group of calls that succeed or fail together, possibly on several seams: the first call that
 * fails cancels its siblings, and closing the scope cancels whatever is unfinished and waits for
 * the work behind it to return, so no call outlives its scope.
 *
 * <pre>{@code
 * try (SeamScope scope = SeamScope.open()) {
 *   CompletableFuture<Order> order = scope.call(ordersDb, () -> orders.find(id));
 *   CompletableFuture<Stock> stock = scope.call(stockApi, () -> stockClient.get(sku));
 *   scope.join(); // throws the first failure; the other call was cancelled
 *   return new Page(order.join(), stock.join());
 * }
 * }</pre>
 *
 * <h2>Failure and cancellation</h2>
 *
 * A call fails the scope when its future completes exceptionally for any reason other than the
 * scope cancelling it: its own exception, its deadline, a rejection, or a {@code cancel(...)} by
 * its holder. A seam that throws from {@code call} instead of returning a future, or returns none,
 * fails the call the same way: {@code scope.call} never throws, its future fails with that
 * exception. The scope then cancels every unfinished sibling with {@code cancel(true)}, which runs
 * each one's {@linkplain CallContext#onCancel cancel hooks} on its seam's cancel thread, as a
 * cancelled seam call always does; a sibling still waiting in a queue never starts. Calls submitted
 * after that get a future that is already cancelled, whose cause is the scope's failure. Only the
 * first failure is kept; {@link #join()} throws it. A future completed by its holder with a value
 * is a success.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} cancels the unfinished calls the same way, then blocks until every call that
 * reached a worker has returned there (calls that had not started never will), including calls
 * whose future already completed (cancelled siblings, futures completed by their holder) while
 * their work went on. A call that ignores both its cancel hooks and the interrupt is waited for at
 * most 10 seconds; it is then logged at WARN and counted by its seam as {@linkplain
 * SeamStats#abandoned() abandoned}. An interrupt of the closing thread does not cut that wait
 * short; the thread is interrupted again when {@code close} returns. Work running on the closing
 * thread itself (close called inside a call of the scope, or in a stage that runs inside one)
 * cannot return while close waits, so close does not wait for it.
 *
 * <h2>Memory</h2>
 *
 * A scope holds a call only until its future has completed and its work has returned, so a
 * long-lived open scope keeps no finished call and no result: what it holds is bounded by the calls
 * still running.
 *
 * <h2>Threads</h2>
 *
 * Calls run on their seams' workers exactly as {@link Seam#call} runs them, with the submitting
 * thread's context. Sibling cancellation runs on the thread that completed the failing call's
 * future (a worker, a seam timer, or the thread that cancelled it) and never blocks; closing
 * cancels on the closing thread. Every method is thread-safe: calls may be submitted from any
 * thread, including from calls running in the scope. {@link #join()} inside one of the scope's own
 * unfinished calls would wait for itself, so it throws {@link IllegalStateException} instead.
 * {@link #close()} blocks its thread while it waits; called from a stage that runs on a seam's
 * thread (a worker or the timer), it holds that thread as long.
 *
 * @since 0.1
 */
public interface SeamScope extends AutoCloseable {

  /**
   * Opens a scope without a default seam: submit with {@link #call(Seam, Callable)} or {@link
   * #call(Seam, CallOptions, SeamCallable)}.
   *
   * @return a new open scope
   */
  static SeamScope open() {
    return ScopeImpl.open(null);
  }

  /**
   * Submits a call to the scope's default seam (the one whose {@link Seam#scope()} opened it).
   *
   * @param task the blocking work
   * @param <T> the result type
   * @return the seam's future; it fails with {@link IllegalStateException} if the scope has no
   *     default seam or is closed, is cancelled if the scope has already failed, and fails with
   *     what the seam threw if it threw instead of returning a future
   */
  <T> CompletableFuture<T> call(Callable<? extends T> task);

  /**
   * Submits a call that uses its {@link CallContext} to the scope's default seam.
   *
   * @param task the blocking work; it receives its {@link CallContext}
   * @param <T> the result type
   * @return the seam's future, failed or cancelled as for {@link #call(Callable)}
   */
  <T> CompletableFuture<T> call(SeamCallable<? extends T> task);

  /**
   * Submits a call with its own timeout to the scope's default seam.
   *
   * @param timeout positive time from submission to the deadline
   * @param task the blocking work
   * @param <T> the result type
   * @return the seam's future, failed or cancelled as for {@link #call(Callable)}
   */
  <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task);

  /**
   * Submits a call to {@code seam} with its default options.
   *
   * @param seam where the call runs
   * @param task the blocking work
   * @param <T> the result type
   * @return the seam's future; it fails with {@link IllegalStateException} if the scope is closed,
   *     is cancelled if the scope has already failed, and fails with what the seam threw if it
   *     threw instead of returning a future
   */
  <T> CompletableFuture<T> call(Seam seam, Callable<? extends T> task);

  /**
   * Submits a call to {@code seam} with per-call options.
   *
   * @param seam where the call runs
   * @param options overrides of the seam's defaults
   * @param task the blocking work
   * @param <T> the result type
   * @return the seam's future, failed or cancelled as for {@link #call(Seam, Callable)}
   */
  <T> CompletableFuture<T> call(Seam seam, CallOptions options, SeamCallable<? extends T> task);

  /**
   * Waits until every call submitted so far has completed, then throws the first failure if there
   * was one. After a failure this returns quickly: the siblings' futures complete as soon as they
   * are cancelled, without waiting for their workers.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if called inside one of the scope's own unfinished calls, which
   *     could not complete while it waits
   * @throws SeamBlockingException instead of waiting, if calls are unfinished, {@link
   *     BlockingGuard} is in {@code FAIL} mode and this thread must not block
   * @throws RuntimeException the first failure as it is ({@link SeamException}, {@link
   *     java.util.concurrent.CancellationException}, ...); a checked one is wrapped in {@link
   *     java.util.concurrent.CompletionException}
   */
  void join() throws InterruptedException;

  /**
   * The first failure so far, if any.
   *
   * @return the failure that cancelled the siblings, or empty
   */
  Optional<Throwable> failure();

  /**
   * Refuses new calls, cancels the unfinished ones, and waits for those that are running on a
   * worker to return (at most 10 seconds), even if the closing thread is interrupted, whose
   * interrupt is then kept. Idempotent. Never throws: a future that throws from {@code cancel} is
   * logged at WARN and the others are still cancelled. The one exception: with {@link
   * BlockingGuard} in {@code FAIL} mode, on a thread that must not block, while work is still held,
   * it refuses new calls and cancels the unfinished ones as always, then throws {@link
   * SeamBlockingException} instead of waiting for the work to return.
   */
  @Override
  void close();
}
