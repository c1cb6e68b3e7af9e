package dev.seam.interop;

import com.google.common.util.concurrent.AbstractFuture;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Guava {@link ListenableFuture} in and out of seam code, with cancellation carried both ways.
 *
 * <pre>{@code
 * ListenableFuture<Order> legacyApi = ListenableFutures.toListenable(seam.call(() -> dao.find(id)));
 * CompletableFuture<Stock> modern = ListenableFutures.toCompletable(guavaClient.stock(sku));
 * }</pre>
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling the {@code ListenableFuture} returned by {@link #toListenable} cancels the seam's
 * future, which runs the call's cancel hooks and, as the seam is set to, interrupts its worker.
 * Cancelling (or otherwise completing) the {@code CompletableFuture} returned by {@link
 * #toCompletable} cancels the source, passing on {@code mayInterruptIfRunning}. A source that ends
 * cancelled leaves its view cancelled too.
 *
 * <h2>Threads</h2>
 *
 * Results, failures and cancellation are passed on synchronously by the thread that completes the
 * source (for a seam future, its worker or timer, with the caller's context installed). Failures
 * pass as they are: the view of a failed seam future fails with the same {@link
 * dev.seam.SeamException}, never wrapped in {@link CompletionException}. Thread-safe.
 *
 * @since 0.1
 */
// Guava is an optional dependency: whoever uses this class reads its module already, and
// `requires static transitive` would make every modular user of seam-interop need it to compile.
@SuppressWarnings("exports")
public final class ListenableFutures {
  private ListenableFutures() {}

  /**
   * A {@link ListenableFuture} view of a {@link CompletableFuture}, typically a seam call's.
   *
   * @param source the future to view
   * @param <T> the result type
   * @return a future that completes as {@code source} does; cancelling it cancels {@code source}
   * @throws NullPointerException if {@code source} is null
   */
  public static <T> ListenableFuture<T> toListenable(CompletableFuture<T> source) {
    Objects.requireNonNull(source, "source");
    CompletableView<T> view = new CompletableView<>(source);
    CompletableFuture<T> unused =
        source.whenComplete(
            (value, error) -> {
              if (error == null) {
                view.set(value);
                return;
              }
              Throwable cause = unwrap(error);
              if (cause instanceof CancellationException) {
                view.cancel(false);
              } else {
                view.setException(cause);
              }
            });
    return view;
  }

  /**
   * A {@link CompletableFuture} view of a {@link ListenableFuture}.
   *
   * @param source the future to view
   * @param <T> the result type
   * @return a future that completes as {@code source} does; cancelling or completing it first
   *     cancels {@code source}
   * @throws NullPointerException if {@code source} is null
   */
  public static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> source) {
    Objects.requireNonNull(source, "source");
    ListenableView<T> view = new ListenableView<>(source);
    Futures.addCallback(
        source,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T value) {
            view.completeFromSource(value, null);
          }

          @Override
          public void onFailure(Throwable error) {
            view.completeFromSource(null, error);
          }
        },
        MoreExecutors.directExecutor());
    return view;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** Guava's side of a CompletableFuture: cancelling it cancels the source. */
  private static final class CompletableView<T> extends AbstractFuture<T> {
    private final CompletableFuture<T> source;

    CompletableView(CompletableFuture<T> source) {
      this.source = source;
    }

    @Override
    protected boolean set(T value) {
      return super.set(value);
    }

    @Override
    protected boolean setException(Throwable error) {
      return super.setException(error);
    }

    @Override
    protected void afterDone() {
      if (isCancelled()) {
        source.cancel(wasInterrupted());
      }
    }
  }

  /** The CompletableFuture side of a ListenableFuture: any completion by its holder cancels it. */
  private static final class ListenableView<T> extends CompletableFuture<T> {
    private final ListenableFuture<T> source;
    private volatile boolean fromSource;
    private volatile boolean interrupt;

    ListenableView(ListenableFuture<T> source) {
      this.source = source;
    }

    void completeFromSource(T value, Throwable error) {
      fromSource = true;
      if (error == null) {
        super.complete(value);
      } else if (error instanceof CancellationException) {
        super.cancel(false);
      } else {
        super.completeExceptionally(error);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      interrupt = mayInterruptIfRunning;
      boolean done = super.cancel(mayInterruptIfRunning);
      stopSource(done);
      return done;
    }

    @Override
    public boolean complete(T value) {
      boolean done = super.complete(value);
      stopSource(done);
      return done;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
      boolean done = super.completeExceptionally(error);
      stopSource(done);
      return done;
    }

    private void stopSource(boolean completedHere) {
      if (completedHere && !fromSource) {
        source.cancel(interrupt);
      }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
