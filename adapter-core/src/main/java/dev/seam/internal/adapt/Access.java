package dev.seam.internal.adapt;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds a declaration of a method that Seam's module may invoke. The implementation class is often
 * not public (a lambda, a private class, a Mockito mock) while an interface it implements is, and
 * invoking through that interface still dispatches to the implementation.
 */
final class Access {
  private Access() {}

  /**
   * The method itself if it can be made accessible, else the same signature on a supertype that
   * can, else null.
   */
  static Method invocable(Method method, Class<?> implType) {
    if (method.trySetAccessible()) {
      return method;
    }
    Deque<Class<?>> todo = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    todo.add(implType);
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!seen.add(type)) {
        continue;
      }
      try {
        Method m = type.getMethod(method.getName(), method.getParameterTypes());
        if (m.trySetAccessible()) {
          return m;
        }
      } catch (NoSuchMethodException e) {
        // not declared along this branch; keep looking
      }
      if (type.getSuperclass() != null) {
        todo.add(type.getSuperclass());
      }
      todo.addAll(Arrays.asList(type.getInterfaces()));
    }
    return null;
  }

  /**
   * The type to name in descriptions: the first interface of the implementation that declares the
   * method (a mock's or a lambda's class name says nothing), else the method's own class.
   */
  static Class<?> describingType(Method method, Class<?> implType) {
    Deque<Class<?>> todo = new ArrayDeque<>(Arrays.asList(implType.getInterfaces()));
    Set<Class<?>> seen = new HashSet<>();
    for (Class<?> c = implType.getSuperclass(); c != null; c = c.getSuperclass()) {
      todo.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!seen.add(type)) {
        continue;
      }
      try {
        type.getMethod(method.getName(), method.getParameterTypes());
        return type;
      } catch (NoSuchMethodException e) {
        todo.addAll(Arrays.asList(type.getInterfaces()));
      }
    }
    return method.getDeclaringClass();
  }
}
