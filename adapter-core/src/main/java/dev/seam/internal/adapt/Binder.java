package dev.seam.internal.adapt;

import dev.seam.CallOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Pairs each abstract method of an async interface with the sync method it forwards to, checking
 * everything that can be checked before the first call: the method exists, is unique, returns what
 * the future promises, can be invoked, and its deadline annotation is valid.
 */
final class Binder {
  private final Class<?> asyncType;
  private final Class<?> implType;
  private final List<String> problems = new ArrayList<>();

  private Binder(Class<?> asyncType, Class<?> implType) {
    this.asyncType = asyncType;
    this.implType = implType;
  }

  /**
   * Binds every abstract method of {@code asyncType} to a method of {@code implType}, and resolves
   * how to run each default method.
   *
   * @return the routes and default methods, keyed by {@link #key(Method)}
   * @throws IllegalArgumentException listing every mismatch found
   */
  static Bindings bind(Class<?> asyncType, Class<?> implType) {
    Binder binder = new Binder(asyncType, implType);
    Map<String, Route> routes = new HashMap<>();
    Map<String, DefaultMethods.DefaultCall> defaults = new HashMap<>();
    for (Method m : asyncType.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || isObjectMethod(m)) {
        continue;
      }
      if (m.isDefault()) {
        DefaultMethods.DefaultCall call = binder.resolveDefault(m);
        if (call != null) {
          defaults.put(key(m), call);
        }
        continue;
      }
      Route route = binder.bindOne(m);
      if (route != null) {
        routes.put(key(m), route);
      }
    }
    if (!binder.problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot adapt "
              + implType.getName()
              + " to "
              + asyncType.getName()
              + ":\n  "
              + String.join("\n  ", binder.problems));
    }
    return new Bindings(routes, defaults);
  }

  static String key(Method m) {
    return m.getName() + Arrays.toString(m.getParameterTypes());
  }

  static boolean isObjectMethod(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private DefaultMethods.DefaultCall resolveDefault(Method m) {
    try {
      return DefaultMethods.resolve(m);
    } catch (IllegalAccessException e) {
      problems.add(
          Signatures.qualified(asyncType, m)
              + " is a default method of "
              + m.getDeclaringClass().getSimpleName()
              + ", which Seam cannot run: "
              + e.getMessage());
      return null;
    }
  }

  private Route bindOne(Method async) {
    String name = Signatures.qualified(asyncType, async);
    Class<?> returned = async.getReturnType();
    if (returned != CompletableFuture.class && returned != CompletionStage.class) {
      problems.add(
          name
              + " returns "
              + Signatures.typeName(async.getGenericReturnType())
              + "; expected CompletableFuture<R> or CompletionStage<R> (or make it a default"
              + " method)");
      return null;
    }
    Type promised = promisedType(async.getGenericReturnType());
    CallOptions options = options(async, name);
    Method sync = findSync(async, name);
    if (sync == null || !returnsCompatible(async, name, sync, promised)) {
      return null;
    }
    Method callable = Access.invocable(sync, implType);
    if (callable == null) {
      problems.add(
          name
              + " maps to "
              + Signatures.qualified(sync.getDeclaringClass(), sync)
              + ", which Seam cannot invoke; make the class public in an exported package or open"
              + " its package to module dev.seam");
      return null;
    }
    String description = Signatures.qualified(Access.describingType(sync, implType), sync);
    // The method names the call in its timeout and failure messages.
    return new Route(callable, options.withDescription(description), description);
  }

  private static Type promisedType(Type futureType) {
    return futureType instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  private CallOptions options(Method async, String name) {
    Duration timeout;
    try {
      timeout = TimeoutAnnotations.timeoutOrNull(async, asyncType);
    } catch (IllegalArgumentException e) {
      problems.add(name + " " + e.getMessage());
      return CallOptions.defaults();
    }
    return timeout == null ? CallOptions.defaults() : CallOptions.timeout(timeout);
  }

  private Method findSync(Method async, String name) {
    Class<?>[] wanted = async.getParameterTypes();
    List<Method> sameName = new ArrayList<>();
    for (Method m : implType.getMethods()) {
      if (m.getName().equals(async.getName()) && !m.isBridge() && !m.isSynthetic()) {
        sameName.add(m);
      }
    }
    for (Method m : sameName) {
      if (Arrays.equals(m.getParameterTypes(), wanted)) {
        return m;
      }
    }
    List<Method> compatible =
        sameName.stream()
            .filter(m -> m.getParameterCount() == wanted.length && acceptsAll(m, wanted))
            .collect(Collectors.toList());
    if (compatible.size() == 1) {
      return compatible.get(0);
    }
    if (compatible.isEmpty()) {
      problems.add(
          name
              + " has no matching method in "
              + implType.getSimpleName()
              + "; expected a public method "
              + Signatures.shortSignature(async)
              + (sameName.isEmpty() ? "" : " (found " + list(sameName) + ")"));
    } else {
      problems.add(
          name
              + " is ambiguous: "
              + implType.getSimpleName()
              + " has "
              + list(compatible)
              + "; expected exactly one method "
              + Signatures.shortSignature(async)
              + ", so declare the async parameters with the exact sync types");
    }
    return null;
  }

  private static boolean acceptsAll(Method sync, Class<?>[] given) {
    Class<?>[] wanted = sync.getParameterTypes();
    for (int i = 0; i < wanted.length; i++) {
      if (!Signatures.accepts(wanted[i], given[i])) {
        return false;
      }
    }
    return true;
  }

  private static String list(List<Method> methods) {
    Set<String> shown = new LinkedHashSet<>();
    for (Method m : methods) {
      shown.add(Signatures.shortSignature(m));
    }
    return String.join(", ", shown);
  }

  private boolean returnsCompatible(Method async, String name, Method sync, Type promised) {
    Class<?> expected = Signatures.box(Signatures.erasure(promised));
    Class<?> actual = sync.getReturnType();
    boolean ok;
    if (expected == Object.class) {
      ok = true;
    } else if (expected == Void.class) {
      ok = actual == void.class || actual == Void.class;
    } else {
      ok = actual != void.class && expected.isAssignableFrom(Signatures.box(actual));
    }
    if (!ok) {
      problems.add(
          name
              + " returns "
              + Signatures.typeName(async.getGenericReturnType())
              + ", but "
              + Signatures.qualified(implType, sync)
              + " returns "
              + actual.getSimpleName()
              + "; expected "
              + (expected == Void.class ? "void" : "a value of type " + expected.getSimpleName()));
    }
    return ok;
  }

  /** A forwarded method: what to invoke and with which per-call options. */
  record Route(Method target, CallOptions options, String description) {}

  /** Everything a proxy dispatches to, keyed by {@link #key(Method)}. */
  record Bindings(Map<String, Route> routes, Map<String, DefaultMethods.DefaultCall> defaults) {
    Bindings {
      routes = Map.copyOf(routes);
      defaults = Map.copyOf(defaults);
    }
  }
}
