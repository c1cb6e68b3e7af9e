package dev.seam.internal.adapt;

import dev.seam.Seam;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Dispatches proxy calls: forwarded methods go to the seam, default methods run as written, and
 * {@code Object} methods answer for the proxy itself (identity equality, a descriptive string).
 */
final class AsyncHandler implements InvocationHandler {
  private static final Object[] NO_ARGS = new Object[0];

  private final Class<?> asyncType;
  private final Object impl;
  private final Seam seam;
  private final Map<String, Binder.Route> routes;

  AsyncHandler(Class<?> asyncType, Object impl, Seam seam, Map<String, Binder.Route> routes) {
    this.asyncType = asyncType;
    this.impl = impl;
    this.seam = seam;
    this.routes = Map.copyOf(routes);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    Binder.Route route = routes.get(Binder.key(method));
    if (route != null) {
      Object[] actual = args == null ? NO_ARGS : args;
      return seam.call(
          route.options(), new SyncInvocation(impl, route.target(), actual, route.description()));
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    // Binder covered every abstract method, so only a method added by a later class version
    // can get here.
    throw new UnsupportedOperationException(
        Signatures.qualified(asyncType, method) + " is not bound to " + impl.getClass().getName());
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
