package dev.seam.internal;

import java.util.Arrays;

/**
 * Reads a worker's stack for a person: which frames are the user's, and the stack without Seam's
 * own frames and the JDK's lambda and thread-pool plumbing. Used only when a failure or warning is
 * written, never on a call's way through.
 */
final class StackFrames {
  private StackFrames() {}

  /**
   * The stack from its top (the frame that blocks, kept whatever it is) down to the deepest frame
   * of user code, without Seam's frames and lambda plumbing in between. A stack with no user frame
   * keeps everything but those.
   */
  static StackTraceElement[] trim(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return stack;
    }
    int deepestUser = -1;
    for (int i = stack.length - 1; i >= 0; i--) {
      if (isUser(stack[i].getClassName())) {
        deepestUser = i;
        break;
      }
    }
    int end = deepestUser >= 0 ? deepestUser + 1 : stack.length;
    StackTraceElement[] kept = new StackTraceElement[end];
    int n = 0;
    kept[n++] = stack[0];
    for (int i = 1; i < end; i++) {
      String c = stack[i].getClassName();
      if (!CallSite.isLibraryFrame(c) && !isLambdaPlumbing(c)) {
        kept[n++] = stack[i];
      }
    }
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }

  /** The first frame from the top that is the user's code (or a library it calls); or null. */
  static StackTraceElement topUserFrame(StackTraceElement[] stack) {
    for (StackTraceElement e : stack) {
      if (isUser(e.getClassName())) {
        return e;
      }
    }
    return null;
  }

  /** {@code com.acme.Dao.find(Dao.java:42)}: without the class loader and module names. */
  static String describe(StackTraceElement e) {
    String where =
        e.isNativeMethod()
            ? "Native Method"
            : e.getFileName() == null
                ? "Unknown Source"
                : e.getLineNumber() >= 0
                    ? e.getFileName() + ":" + e.getLineNumber()
                    : e.getFileName();
    return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
  }

  /** Neither Seam, nor the JDK, nor a lambda's generated class. */
  static boolean isUser(String className) {
    return !CallSite.isLibraryFrame(className) && !isLambdaPlumbing(className) && !isJdk(className);
  }

  private static boolean isLambdaPlumbing(String className) {
    return className.contains("$$Lambda") || className.startsWith("java.lang.invoke.");
  }

  private static boolean isJdk(String className) {
    return className.startsWith("java.")
        || className.startsWith("javax.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }
}
