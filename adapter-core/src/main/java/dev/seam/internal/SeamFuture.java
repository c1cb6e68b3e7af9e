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
 * Completing or cancelling a <em>derived</em> stage ({@code f.thenApply(...).cancel(true)}) does
 * not reach the call: other stages may still want its result.
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
   * and for messages. Three fields, not four: a seam future is made for every call.
   */
  private final CallTask<?> origin;

  SeamFuture(CallTask<T> task, ContextSnapshot context) {
    this(task, task, context);
  }

  private SeamFuture(CallTask<T> task, CallTask<?> origin, ContextSnapshot context) {
    this.task = task;
    this.origin = origin;
    this.context = context;
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
   * the seam, the call and its timings, and carries the call site; the call's hooks run and its
   * worker is interrupted as configured. A derived stage cancels as any future does.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (task == null) {
      return super.cancel(mayInterruptIfRunning);
    }
    if (isDone()) {
      return isCancelled();
    }
    // A CancellationException completes the future exactly as super.cancel would: isCancelled(),
    // join() and get() throw it, dependents see it wrapped in a CompletionException.
    boolean done = super.completeExceptionally(task.cancellation());
    if (done) {
      task.completedByHolder();
    }
    return done || isCancelled();
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
    return origin.asyncExecutor();
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
    String waitsFor =
        origin == null
            ? "a seam's future"
            : task != null ? origin.toString() : "a stage derived from " + origin;
    BlockingCheck.beforeWait(
        origin == null ? null : origin.seamName(), "SeamFuture." + method, waitsFor);
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
    return super.thenCombine(other, InContext.biFunction(context, fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return super.thenCombineAsync(other, InContext.biFunction(context, fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return super.thenCombineAsync(other, InContext.biFunction(context, fn), executor);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return super.thenAcceptBoth(other, InContext.biConsumer(context, action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return super.thenAcceptBothAsync(other, InContext.biConsumer(context, action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return super.thenAcceptBothAsync(other, InContext.biConsumer(context, action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return super.runAfterBoth(other, InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return super.runAfterBothAsync(other, InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return super.runAfterBothAsync(other, InContext.runnable(context, action), executor);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return super.applyToEither(other, InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return super.applyToEitherAsync(other, InContext.function(context, fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return super.applyToEitherAsync(other, InContext.function(context, fn), executor);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return super.acceptEither(other, InContext.consumer(context, action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return super.acceptEitherAsync(other, InContext.consumer(context, action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return super.acceptEitherAsync(other, InContext.consumer(context, action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return super.runAfterEither(other, InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return super.runAfterEitherAsync(other, InContext.runnable(context, action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return super.runAfterEitherAsync(other, InContext.runnable(context, action), executor);
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
