package dev.seam.internal.adapt;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Type arithmetic for matching an async method to its sync counterpart, and for messages. */
final class Signatures {
  private static final Map<Class<?>, Class<?>> BOXES =
      Map.of(
          boolean.class, Boolean.class,
          byte.class, Byte.class,
          char.class, Character.class,
          short.class, Short.class,
          int.class, Integer.class,
          long.class, Long.class,
          float.class, Float.class,
          double.class, Double.class,
          void.class, Void.class);

  private Signatures() {}

  static Class<?> box(Class<?> type) {
    return type.isPrimitive() ? BOXES.get(type) : type;
  }

  /** The class a value of {@code type} is known to be an instance of. */
  static Class<?> erasure(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return erasure(p.getRawType());
    }
    if (type instanceof WildcardType w) {
      return erasure(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> v) {
      return erasure(v.getBounds()[0]);
    }
    if (type instanceof GenericArrayType a) {
      return erasure(a.getGenericComponentType()).arrayType();
    }
    return Object.class;
  }

  /** Whether an argument declared as {@code given} can be passed where {@code wanted} is. */
  static boolean accepts(Class<?> wanted, Class<?> given) {
    if (wanted.isPrimitive() || given.isPrimitive()) {
      return box(wanted).isAssignableFrom(box(given));
    }
    return wanted.isAssignableFrom(given);
  }

  /** {@code find(long, String)}. */
  static String shortSignature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** {@code AsyncOrders.find(long, String)}. */
  static String qualified(Class<?> owner, Method m) {
    return owner.getSimpleName() + "." + shortSignature(m);
  }

  /** {@code CompletableFuture<Order>}, with simple names. */
  static String typeName(Type type) {
    if (type instanceof Class<?> c) {
      return c.getSimpleName();
    }
    if (type instanceof ParameterizedType p) {
      return typeName(p.getRawType())
          + Arrays.stream(p.getActualTypeArguments())
              .map(Signatures::typeName)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    return type.getTypeName();
  }
}
