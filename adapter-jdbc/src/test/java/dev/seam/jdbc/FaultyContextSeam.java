package dev.seam.jdbc;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.CancelHook;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamStats;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A real seam whose calls see a {@link CallContext} that fails in one place: the moments between
 * borrowing a connection and owning it (and giving it back) where a broken or closing core could
 * throw into the adapter.
 */
final class FaultyContextSeam implements Seam {
  /** Which part of the call's context throws. */
  enum Fault {
    /** {@code onCancel} refuses the hook, as a seam that finished closing could. */
    ON_CANCEL,
    /** {@code isCancelled} throws. */
    IS_CANCELLED,
    /** The hook's registration throws when the adapter drops it. */
    REGISTRATION_CLOSE
  }

  private final Seam seam;
  private final Fault fault;

  FaultyContextSeam(Seam seam, Fault fault) {
    this.seam = seam;
    this.fault = fault;
  }

  @Override
  public String name() {
    return seam.name();
  }

  @Override
  public <T> CompletableFuture<T> call(Callable<? extends T> task) {
    return seam.call(task);
  }

  @Override
  public <T> CompletableFuture<T> call(SeamCallable<? extends T> task) {
    return seam.call(call -> task.call(new Faulty(call)));
  }

  @Override
  public <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task) {
    return seam.call(timeout, call -> task.call(new Faulty(call)));
  }

  @Override
  public <T> CompletableFuture<T> call(CallOptions options, SeamCallable<? extends T> task) {
    return seam.call(options, call -> task.call(new Faulty(call)));
  }

  @Override
  public SeamStats stats() {
    return seam.stats();
  }

  @Override
  public boolean isClosed() {
    return seam.isClosed();
  }

  @Override
  public void close() {
    seam.close();
  }

  private final class Faulty implements CallContext {
    private final CallContext call;

    Faulty(CallContext call) {
      this.call = call;
    }

    @Override
    public String seamName() {
      return call.seamName();
    }

    @Override
    public Duration remaining() {
      return call.remaining();
    }

    @Override
    public long remainingNanos() {
      return call.remainingNanos();
    }

    @Override
    public boolean isCancelled() {
      if (fault == Fault.IS_CANCELLED) {
        throw new IllegalStateException("isCancelled failed on purpose");
      }
      return call.isCancelled();
    }

    @Override
    public Registration onCancel(CancelHook hook) {
      if (fault == Fault.ON_CANCEL) {
        throw new RejectedExecutionException("cancel executor of seam '" + seamName() + "' shut");
      }
      Registration registration = call.onCancel(hook);
      if (fault == Fault.REGISTRATION_CLOSE) {
        return () -> {
          registration.close();
          throw new IllegalStateException("Registration.close failed on purpose");
        };
      }
      return registration;
    }

    @Override
    public Region uncancellable() {
      return call.uncancellable();
    }
  }
}
