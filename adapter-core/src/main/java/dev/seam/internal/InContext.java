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
 * and costs nothing. Context bound only around code (a {@code ScopedValue}) is bound around each
 * function too; without any, no lambda more is allocated per stage.
 */
final class InContext {
  private InContext() {}

  static <T, U> Function<T, U> function(ContextSnapshot c, Function<T, U> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return t -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return c.hasAround() ? c.supplyAround(() -> fn.apply(t)) : fn.apply(t);
      }
    };
  }

  static <T, U, R> BiFunction<T, U, R> biFunction(ContextSnapshot c, BiFunction<T, U, R> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return (t, u) -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return c.hasAround() ? c.supplyAround(() -> fn.apply(t, u)) : fn.apply(t, u);
      }
    };
  }

  static <T> Consumer<T> consumer(ContextSnapshot c, Consumer<T> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return t -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        if (c.hasAround()) {
          c.runAround(() -> fn.accept(t));
        } else {
          fn.accept(t);
        }
      }
    };
  }

  static <T, U> BiConsumer<T, U> biConsumer(ContextSnapshot c, BiConsumer<T, U> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return (t, u) -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        if (c.hasAround()) {
          c.runAround(() -> fn.accept(t, u));
        } else {
          fn.accept(t, u);
        }
      }
    };
  }

  static Runnable runnable(ContextSnapshot c, Runnable fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return () -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        c.runAround(fn); // nothing around: runs fn directly
      }
    };
  }

  static <T> Supplier<T> supplier(ContextSnapshot c, Supplier<T> fn) {
    if (c.isEmpty() || fn == null) {
      return fn;
    }
    return () -> {
      try (ContextPropagator.Scope ignored = c.install()) {
        return c.supplyAround(fn); // nothing around: calls fn directly
      }
    };
  }
}
