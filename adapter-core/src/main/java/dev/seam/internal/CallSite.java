package dev.seam.internal;

import java.util.Arrays;
import java.util.Set;

/**
 * The frames of the code that submitted a call, without Seam's own frames, so a failure reported on
 * another thread still shows the request path that made the call.
 *
 * <p>Capture is cheap and decoding is lazy: submission records the JVM's native backtrace (a {@link
 * Throwable} that is never thrown), and only a call that fails pays for turning it into {@link
 * StackTraceElement}s. An eager stack walk cost several times more per call.
 */
public final class CallSite {
  private static final int MAX_FRAMES = 64;
  private static final Set<String> API_PACKAGES =
      Set.of(
          "dev.seam",
          "dev.seam.jdbc",
          "dev.seam.http",
          "dev.seam.sse",
          "dev.seam.testing",
          "dev.seam.interop");

  private final Throwable backtrace;

  private CallSite(Throwable backtrace) {
    this.backtrace = backtrace;
  }

  /**
   * Records the current stack.
   *
   * @return the call site
   */
  public static CallSite capture() {
    return new CallSite(new Throwable("call site"));
  }

  /**
   * Decodes the recorded stack, keeping the frames from the first one outside Seam.
   *
   * @return up to 64 frames, the user's call first
   */
  public StackTraceElement[] frames() {
    return fromCaller(backtrace.getStackTrace());
  }

  /**
   * A stack without its leading frames of Seam and of the proxy plumbing between the user and Seam.
   * Only the leading run is dropped: the same classes deeper down are the user's path and stay.
   */
  static StackTraceElement[] fromCaller(StackTraceElement[] all) {
    int first = 0;
    while (first < all.length
        && (isLibraryFrame(all[first].getClassName())
            || isProxyDispatch(all[first].getClassName()))) {
      first++;
    }
    return Arrays.copyOfRange(all, first, Math.min(all.length, first + MAX_FRAMES));
  }

  /**
   * Whether a frame of this class belongs to Seam or to the JDK plumbing between the user and Seam
   * (dynamic proxies, reflection).
   *
   * @param className a frame's class name
   * @return true to skip the frame
   */
  static boolean isLibraryFrame(String className) {
    // A proxy of a non-public interface lives in the interface's own package, as $ProxyN.
    if (className.substring(className.lastIndexOf('.') + 1).startsWith("$Proxy")) {
      return true;
    }
    if (className.startsWith("dev.seam.")) {
      if (className.contains(".internal.")) {
        return true;
      }
      int dot = className.lastIndexOf('.');
      return API_PACKAGES.contains(className.substring(0, dot));
    }
    return className.startsWith("jdk.proxy")
        || className.startsWith("com.sun.proxy.")
        || className.startsWith("java.lang.reflect.")
        || className.startsWith("jdk.internal.reflect.");
  }

  /**
   * Whether a frame of this class is a framework's proxy passing a call on to an interceptor:
   * Spring AOP, through which a {@code @SeamAsync} method of Seam's Spring Boot starter submits its
   * call. Not in {@link #isLibraryFrame}: on a worker's stack these frames are the path into the
   * user's method, and the worker's stack is trimmed by that test, not this one.
   *
   * @param className a frame's class name
   * @return true to skip the frame when it comes before the caller's
   */
  static boolean isProxyDispatch(String className) {
    // The proxy's generated class lives in the target's package; Spring 6 and 7 name it so.
    return className.startsWith("org.springframework.aop.")
        || className.contains("$$SpringCGLIB$$");
  }
}
