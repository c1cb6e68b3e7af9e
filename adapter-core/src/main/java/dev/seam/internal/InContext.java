package dev.seam.internal;

import dev.seam.ContextPropagator;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wraps the functions of a seam future's dependent stages so that each runs inside the submitter's
 * context, whichever thread runs it: the worker that completes the future, the timer, a thread that
 * cancels it, or another thread blocked in {@code get()}/{@code join()}, which {@link
 * java.util.concurrent.CompletableFuture} lets run pending stages. An empty snapshot wraps nothing
 * and costs nothing.
 */
final class InContext {
  private InContext() {}

  static <T, U> Function<T, U> function(ContextSnapshot c, Function<T, U> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return t -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return fn.apply(t);
      }
    };
  }

  static <T, U, R> BiFunction<T, U, R> biFunction(ContextSnapshot c, BiFunction<T, U, R> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return (t, u) -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return fn.apply(t, u);
      }
    };
  }

  static <T> Consumer<T> consumer(ContextSnapshot c, Consumer<T> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return t -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        fn.accept(t);
      }
    };
  }

  static <T, U> BiConsumer<T, U> biConsumer(ContextSnapshot c, BiConsumer<T, U> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return (t, u) -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        fn.accept(t, u);
      }
    };
  }

  static Runnable runnable(ContextSnapshot c, Runnable fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return () -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        fn.run();
      }
    };
  }

  static <T> Supplier<T> supplier(ContextSnapshot c, Supplier<T> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return () -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return fn.get();
      }
    };
  }
}
