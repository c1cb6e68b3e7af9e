package dev.seam.internal.context;

/**
 * Lets Seam's module read an optional library it found at run time. When {@code dev.seam} is a
 * named module (on the module path) and the library sits on the class path, the {@code requires
 * static} clause does not resolve, so Seam could see the library's classes but not use them ({@code
 * IllegalAccessError} on the first call). A module may add reads to itself, so detection does that
 * once.
 */
final class Readability {
  private Readability() {}

  /**
   * Makes {@code caller}'s module read {@code library}'s, if it does not already.
   *
   * @return whether the library can now be used (false only if the module system refused)
   */
  static boolean ensure(Class<?> caller, Class<?> library) {
    Module self = caller.getModule();
    Module other = library.getModule();
    if (self.canRead(other)) {
      return true;
    }
    try {
      self.addReads(other);
      return self.canRead(other);
    } catch (RuntimeException e) { // a security manager or layer that refuses: treat as absent
      return false;
    }
  }
}
