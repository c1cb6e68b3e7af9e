package dev.seam.internal.adapt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Resolves, once per proxy, how to run each default method of an async interface as written. {@link
 * InvocationHandler#invokeDefault} needs the interface to be accessible to Seam (public, in a
 * package exported to it), so a package-private interface, or a public one that inherits a default
 * method from one, goes through a private lookup instead, which needs the package open to Seam. On
 * the class path every package is open; in a named module that does not open it, the proxy is
 * refused at creation rather than failing at every call.
 */
final class DefaultMethods {
  private static final Module SEAM = DefaultMethods.class.getModule();
  private static final Object[] NO_ARGS = new Object[0];

  private DefaultMethods() {}

  /** Runs one default method on a proxy. */
  @FunctionalInterface
  interface DefaultCall {
    Object invoke(Object proxy, Object[] args) throws Throwable;
  }

  /**
   * How to run {@code method}.
   *
   * @throws IllegalAccessException with a message saying what to change, if Seam cannot run it
   */
  static DefaultCall resolve(Method method) throws IllegalAccessException {
    Class<?> owner = method.getDeclaringClass();
    if (Modifier.isPublic(owner.getModifiers())
        && owner.getModule().isExported(owner.getPackageName(), SEAM)) {
      return (proxy, args) -> InvocationHandler.invokeDefault(proxy, method, args);
    }
    if (!owner.getModule().isOpen(owner.getPackageName(), SEAM)) {
      throw new IllegalAccessException(notOpen(owner));
    }
    // A private lookup also needs Seam's module to read the interface's; only a named Seam module
    // lacks that edge, and a module may add reads for itself.
    SEAM.addReads(owner.getModule());
    MethodHandle special =
        MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
            .unreflectSpecial(method, owner);
    MethodHandle spread =
        special
            .asType(special.type().generic())
            .asSpreader(Object[].class, method.getParameterCount());
    return (proxy, args) -> spread.invoke(proxy, args == null ? NO_ARGS : args);
  }

  private static String notOpen(Class<?> owner) {
    String pkg = owner.getPackageName();
    String opens = SEAM.isNamed() ? "opens " + pkg + " to " + SEAM.getName() : "opens " + pkg;
    return "module "
        + owner.getModule().getName()
        + " does not open package "
        + pkg
        + " to Seam; add \""
        + opens
        + ";\" to its module-info.java, or make "
        + owner.getSimpleName()
        + " public in an exported package";
  }
}
