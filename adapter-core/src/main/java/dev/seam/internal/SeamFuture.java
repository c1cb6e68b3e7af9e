package dev.seam.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The future a seam hands out. Any completion by its holder ({@code cancel}, {@code complete},
 * {@code completeExceptionally}, and so {@code orTimeout}) abandons the call: its hooks run and its
 * worker is interrupted as configured. Its dependents are plain {@code SeamFuture}s whose {@code
 * ...Async} stages default to an executor that carries the caller's context.
 *
 * @param <T> the result type
 */
final class SeamFuture<T> extends CompletableFuture<T> {
  private final CallTask<T> task;
  private final Executor asyncExecutor;

  SeamFuture(CallTask<T> task, Executor asyncExecutor) {
    this.task = task;
    this.asyncExecutor = asyncExecutor;
  }

  /** Completion by the seam itself, which has already moved the call to its final state. */
  boolean succeedFromSeam(T value) {
    return super.complete(value);
  }

  boolean failFromSeam(Throwable error) {
    return super.completeExceptionally(error);
  }

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

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean done = super.cancel(mayInterruptIfRunning);
    if (done && task != null) {
      task.completedByHolder();
    }
    return done;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new SeamFuture<>(null, asyncExecutor);
  }

  @Override
  public Executor defaultExecutor() {
    return asyncExecutor;
  }
}
