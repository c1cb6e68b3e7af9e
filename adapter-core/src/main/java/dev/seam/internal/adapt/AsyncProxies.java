package dev.seam.internal.adapt;

import dev.seam.Seam;
import java.lang.reflect.Proxy;
import java.util.Objects;

/** Builds the async proxies behind {@link Seam#adapt}. */
public final class AsyncProxies {
  private AsyncProxies() {}

  /**
   * Checks {@code asyncType} against {@code impl} and returns a proxy that forwards to it on {@code
   * seam}.
   *
   * @param asyncType an interface whose abstract methods return futures
   * @param impl the sync implementation
   * @param seam where the sync calls run
   * @param <A> the async interface
   * @return the proxy
   * @throws IllegalArgumentException listing every method that does not match, and every default
   *     method that Seam has no access to run
   * @throws NullPointerException if an argument is null
   */
  public static <A> A create(Class<A> asyncType, Object impl, Seam seam) {
    Objects.requireNonNull(asyncType, "asyncType");
    Objects.requireNonNull(impl, "impl");
    Objects.requireNonNull(seam, "seam");
    if (!asyncType.isInterface()) {
      throw new IllegalArgumentException(
          "cannot adapt to " + asyncType.getName() + ": expected an interface");
    }
    AsyncHandler handler =
        new AsyncHandler(asyncType, impl, seam, Binder.bind(asyncType, impl.getClass()));
    return asyncType.cast(
        Proxy.newProxyInstance(asyncType.getClassLoader(), new Class<?>[] {asyncType}, handler));
  }
}
