package dev.seam.contract;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;

/**
 * {@code java.lang.ScopedValue} for tests compiled for Java 17 and run on Java 25: new instances,
 * binding around code, reading. Only touch it on Java 25 or later.
 */
final class ScopedValues {
  private static final MethodHandle NEW_INSTANCE;
  private static final MethodHandle WHERE;
  private static final MethodHandle RUN;
  private static final MethodHandle IS_BOUND;
  private static final MethodHandle GET;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> sv = Class.forName("java.lang.ScopedValue");
      Class<?> carrier = Class.forName("java.lang.ScopedValue$Carrier");
      NEW_INSTANCE = lookup.findStatic(sv, "newInstance", MethodType.methodType(sv));
      WHERE = lookup.findStatic(sv, "where", MethodType.methodType(carrier, sv, Object.class));
      RUN = lookup.findVirtual(carrier, "run", MethodType.methodType(void.class, Runnable.class));
      IS_BOUND = lookup.findVirtual(sv, "isBound", MethodType.methodType(boolean.class));
      GET = lookup.findVirtual(sv, "get", MethodType.methodType(Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ScopedValues() {}

  static Object newInstance() throws Throwable {
    return NEW_INSTANCE.invoke();
  }

  /** Runs {@code body} with {@code key} bound to {@code value}, returning what it returns. */
  static <T> T where(Object key, Object value, Callable<T> body) throws Throwable {
    Object[] result = new Object[1];
    Throwable[] thrown = new Throwable[1];
    Object carrier = WHERE.invoke(key, value);
    RUN.invoke(
        carrier,
        (Runnable)
            () -> {
              try {
                result[0] = body.call();
              } catch (Exception e) {
                thrown[0] = e;
              }
            });
    if (thrown[0] != null) {
      throw thrown[0];
    }
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  /** The value bound to {@code key} on this thread, or {@code "unbound"}. */
  static String read(Object key) {
    try {
      return (boolean) IS_BOUND.invoke(key) ? String.valueOf(GET.invoke(key)) : "unbound";
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
