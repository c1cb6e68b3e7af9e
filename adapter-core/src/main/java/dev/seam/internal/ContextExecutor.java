package dev.seam.internal;

import dev.seam.ContextPropagator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs tasks on a delegate with the context of the thread that submitted them. It is the default
 * executor of the {@code ...Async} stages of a seam's futures, so those see the caller's context
 * too (the stages are submitted from a thread that has it installed).
 */
final class ContextExecutor implements Executor {
  private final Executor delegate;
  private final List<ContextPropagator<?>> propagators;

  ContextExecutor(Executor delegate, List<ContextPropagator<?>> propagators) {
    this.delegate = delegate;
    this.propagators = propagators;
  }

  @Override
  public void execute(Runnable task) {
    ContextSnapshot snapshot = ContextSnapshot.capture(propagators);
    delegate.execute(
        () -> {
          try (ContextPropagator.Scope ignored = snapshot.install()) {
            task.run();
          }
        });
  }
}
