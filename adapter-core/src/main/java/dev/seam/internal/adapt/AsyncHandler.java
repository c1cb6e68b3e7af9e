package dev.seam.internal.adapt;

import dev.seam.Seam;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Dispatches proxy calls: forwarded methods go to the seam, default methods run as written on the
 * calling thread, and {@code Object} methods answer for the proxy itself (identity equality, a
 * descriptive string).
 */
final class AsyncHandler implements InvocationHandler {
  private static final Object[] NO_ARGS = new Object[0];

  private final Class<?> asyncType;
  private final Object impl;
  private final Seam seam;
  private final Map<String, Binder.Route> routes;
  private final Map<String, DefaultMethods.DefaultCall> defaults;

  AsyncHandler(Class<?> asyncType, Object impl, Seam seam, Binder.Bindings bindings) {
    this.asyncType = asyncType;
    this.impl = impl;
    this.seam = seam;
    this.routes = bindings.routes();
    this.defaults = bindings.defaults();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    String key = Binder.key(method);
    Binder.Route route = routes.get(key);
    if (route != null) {
      Object[] actual = args == null ? NO_ARGS : args;
      return seam.call(
          route.options(), new SyncInvocation(impl, route.target(), actual, route.description()));
    }
    DefaultMethods.DefaultCall defaultCall = defaults.get(key);
    if (defaultCall != null) {
      // The interface's own code: what it throws, it throws, as a direct call would.
      return defaultCall.invoke(proxy, args);
    }
    return unbound(method);
  }

  /**
   * Binder covered every method, so only one added by a later version of the interface than the one
   * bound can get here. Like every Seam failure, it goes through the future where there is one.
   */
  private Object unbound(Method method) {
    UnsupportedOperationException e =
        new UnsupportedOperationException(
            Signatures.qualified(asyncType, method)
                + " is not bound to "
                + impl.getClass().getName());
    Class<?> returned = method.getReturnType();
    if (returned == CompletableFuture.class) {
      return CompletableFuture.failedFuture(e);
    }
    if (returned == CompletionStage.class) {
      return CompletableFuture.failedStage(e);
    }
    throw e;
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" ->
          asyncType.getSimpleName()
              + "[async over "
              + impl.getClass().getName()
              + " on seam '"
              + seam.name()
              + "']";
      default -> throw new UnsupportedOperationException(method.toString());
    };
  }
}
