package dev.seam.internal;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The future a seam hands out, and every stage derived from it.
 *
 * <p>Any completion of the call's own future by its holder ({@code cancel}, {@code complete},
 * {@code completeExceptionally}, {@code completeAsync}, {@code obtrude...}, and so {@code
 * orTimeout}) abandons the call: its hooks run and its worker is interrupted as configured.
 *
 * <p>Cancelling a stage <em>derived</em> from it ({@code thenApply}, {@code thenCompose}, {@code
 * whenComplete}, {@code handle}, {@code exceptionally}..., and stages derived from those) cancels
 * the call too, as cancelling the output of Guava's {@code Futures.transform} cancels its input:
 * the stage and the call's future fail with the same {@link dev.seam.SeamCancellationException},
 * and every other stage of the call sees it. This stops at a stage that combines the call with
 * another future ({@code thenCombine}, {@code thenAcceptBoth}, {@code runAfterBoth}, {@code
 * applyToEither}, {@code acceptEither}, {@code runAfterEither}), at {@code copy()} (a defensive
 * copy) and at {@code minimalCompletionStage()} (the JDK's own stage type): cancelling those, or
 * anything derived from them, cancels only that stage. Only {@code cancel} of a derived stage
 * reaches the call; completing one ({@code complete}, {@code orTimeout}) does not.
 *
 * <p>The function of every dependent stage, and of every stage derived from those, runs inside the
 * context captured when the call was submitted, on whatever thread runs it. Their {@code ...Async}
 * variants default to the seam's async executor.
 *
 * <p>{@code get} and {@code join} of an unfinished future are checked by {@link
 * dev.seam.BlockingGuard} when it is on; off, the check is one volatile read.
 *
 * @param <T> the result type
 */
final class SeamFuture<T> extends CompletableFuture<T> {
  private final CallTask<T> task; // null for a derived stage: completing one does not abandon
  private final ContextSnapshot context;

  /**
   * The call this future, or the stage it derives from, belongs to: for its seam's async executor
   * and for messages, and, if it is the {@link CallTask} itself, for a cancel that reaches the
   * call. A {@link Detached} for a stage whose cancel stops there. Three fields, not four: a seam
   * future is made for every call. Written again only by {@link #detach}, before the stage is
   * handed out.
   */
  private Object origin;

  /** The origin of a stage whose cancel does not reach the call (combined, copied). */
  private static final class Detached {
    final CallTask<?> call;

    Detached(CallTask<?> call) {
      this.call = call;
    }
  }

  SeamFuture(CallTask<T> task, ContextSnapshot context) {
    this(task, task, context);
  }

  private SeamFuture(CallTask<T> task, Object origin, ContextSnapshot context) {
    this.task = task;
    this.origin = origin;
    this.context = context;
  }

  /** The call this stage belongs to; null only for a future made without one. */
  private CallTask<?> call() {
    Object o = origin;
    return o instanceof Detached d ? d.call : (CallTask<?>) o;
  }

  /** Makes a stage this future just created one whose cancel stops at itself. */
  private <S extends CompletableFuture<?>> S detach(S stage) {
    if (stage instanceof SeamFuture<?> f && f != this) {
      CallTask<?> call = call();
      f.origin = call == null ? null : new Detached(call);
    }
    return stage;
  }

  /** Completion by the seam itself, which has already moved the call to its final state. */
  boolean succeedFromSeam(T value) {
    return super.complete(value);
  }

  boolean failFromSeam(Throwable error) {
    return super.completeExceptionally(error);
  }

  // --- completion by the holder: each one abandons the call ---

  @Override
  public boolean complete(T value) {
    boolean done = super.complete(value);
    if (done && task != null) {
      task.completedByHolder();
    }
    return done;
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    boolean done = super.completeExceptionally(error);
    if (done && task != null) {
      task.completedByHolder();
    }
    return done;
  }

  /**
   * Cancels the call: its future fails with a {@link dev.seam.SeamCancellationException} that names
   * the seam, the call and its timings, and carries the call site as its cause (its own stack trace
   * is the line that cancelled); the call's hooks are handed to a cancel thread (with none, its
   * worker is interrupted at once) before any dependent stage runs, and run once the future is
   * complete. On a stage derived from the call's future (see the class comment for where this
   * stops), the stage and the call's future fail with that same exception.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (isDone()) {
      return isCancelled();
    }
    if (task != null) {
      // A CancellationException completes the future exactly as super.cancel would: isCancelled(),
      // join() and get() throw it, dependents see it wrapped in a CompletionException.
      return task.cancelFrom(this) || isCancelled();
    }
    Object o = origin;
    if (o instanceof CallTask<?> call && !call.future.isDone()) {
      return call.cancelFrom(this) || isCancelled();
    }
    return super.cancel(mayInterruptIfRunning);
  }

  /**
   * What the holder completed the future with, once it has: the exception, or null for a value.
   * Only for the rare path where a holder's completion beat the seam's.
   */
  Throwable holderFailure() {
    try {
      super.getNow(null);
      return null;
    } catch (CancellationException e) {
      return e;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }

  @Override
  public void obtrudeValue(T value) {
    super.obtrudeValue(value);
    if (task != null) {
      task.completedByHolder();
    }
  }

  @Override
  public void obtrudeException(Throwable ex) {
    super.obtrudeException(ex);
    if (task != null) {
      task.completedByHolder();
    }
  }

  /**
   * Like {@link CompletableFuture#completeAsync}, but through {@link #complete}, never around it.
   */
  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    Supplier<? extends T> inContext = InContext.supplier(context, supplier);
    executor.execute(
        () -> {
          if (isDone()) {
            return;
          }
          try {
            complete(inContext.get());
          } catch (
              Throwable t) { // like the JDK's completeAsync: the supplier's failure is the result
            completeExceptionally(
                t instanceof CompletionException ? t : new CompletionException(t));
          }
        });
    return this;
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return completeAsync(supplier, defaultExecutor());
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new SeamFuture<>(null, origin, context);
  }

  @Override
  public Executor defaultExecutor() {
    CallTask<?> call = call();
    return call == null ? super.defaultExecutor() : call.asyncExecutor();
  }

  /** A defensive copy: its holder may complete or cancel it without reaching the call. */
  @Override
  public CompletableFuture<T> copy() {
    return detach(super.copy());
  }

  // --- waiting: checked by the BlockingGuard when it is on ---

  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (BlockingCheck.isOn()) {
      beforeWait("get()");
    }
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (BlockingCheck.isOn()) {
      beforeWait("get(timeout)");
    }
    return super.get(timeout, unit);
  }

  @Override
  public T join() {
    if (BlockingCheck.isOn()) {
      beforeWait("join()");
    }
    return super.join();
  }

  /** Only a wait that can block counts: a completed future answers at once. */
  private void beforeWait(String method) {
    if (isDone()) {
      return;
    }
    CallTask<?> call = call();
    String waitsFor =
        call == null
            ? "a seam's future"
            : task != null ? call.toString() : "a stage derived from " + call;
    BlockingCheck.beforeWait(
        call == null ? null : call.seamName(), "SeamFuture." + method, waitsFor);
  }

  // --- dependent stages: each function runs in the submitter's context ---

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return super.thenApply(InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return super.thenApplyAsync(InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return super.thenApplyAsync(InContext.function(context, fn), executor);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return super.thenAccept(InContext.consumer(context, action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    return super.thenAcceptAsync(InContext.consumer(context, action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return super.thenAcceptAsync(InContext.consumer(context, action), executor);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return super.thenRun(InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action) {
    return super.thenRunAsync(InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    return super.thenRunAsync(InContext.runnable(context, action), executor);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return detach(super.thenCombine(other, InContext.biFunction(context, fn)));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return detach(super.thenCombineAsync(other, InContext.biFunction(context, fn)));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return detach(super.thenCombineAsync(other, InContext.biFunction(context, fn), executor));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return detach(super.thenAcceptBoth(other, InContext.biConsumer(context, action)));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return detach(super.thenAcceptBothAsync(other, InContext.biConsumer(context, action)));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return detach(
        super.thenAcceptBothAsync(other, InContext.biConsumer(context, action), executor));
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return detach(super.runAfterBoth(other, InContext.runnable(context, action)));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return detach(super.runAfterBothAsync(other, InContext.runnable(context, action)));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return detach(super.runAfterBothAsync(other, InContext.runnable(context, action), executor));
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return detach(super.applyToEither(other, InContext.function(context, fn)));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return detach(super.applyToEitherAsync(other, InContext.function(context, fn)));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return detach(super.applyToEitherAsync(other, InContext.function(context, fn), executor));
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return detach(super.acceptEither(other, InContext.consumer(context, action)));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return detach(super.acceptEitherAsync(other, InContext.consumer(context, action)));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return detach(super.acceptEitherAsync(other, InContext.consumer(context, action), executor));
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return detach(super.runAfterEither(other, InContext.runnable(context, action)));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return detach(super.runAfterEitherAsync(other, InContext.runnable(context, action)));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return detach(super.runAfterEitherAsync(other, InContext.runnable(context, action), executor));
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return super.thenCompose(InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return super.thenComposeAsync(InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return super.thenComposeAsync(InContext.function(context, fn), executor);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return super.handle(InContext.biFunction(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return super.handleAsync(InContext.biFunction(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return super.handleAsync(InContext.biFunction(context, fn), executor);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return super.whenComplete(InContext.biConsumer(context, action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return super.whenCompleteAsync(InContext.biConsumer(context, action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return super.whenCompleteAsync(InContext.biConsumer(context, action), executor);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return super.exceptionally(InContext.function(context, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return super.exceptionallyAsync(InContext.function(context, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    return super.exceptionallyAsync(InContext.function(context, fn), executor);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return super.exceptionallyCompose(InContext.function(context, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return super.exceptionallyComposeAsync(InContext.function(context, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return super.exceptionallyComposeAsync(InContext.function(context, fn), executor);
  }
}
