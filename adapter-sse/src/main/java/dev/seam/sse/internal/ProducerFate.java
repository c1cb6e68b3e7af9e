package dev.seam.sse.internal;

import dev.seam.internal.Durations;
import java.util.concurrent.TimeUnit;

/**
 * Words for what became of a stream's producer when the stream ended, for the close line: which
 * producer (its first frame in user code at the cancel, else its class), and whether it stopped at
 * once, some time after the cancel, or is still running. Stateless.
 */
final class ProducerFate {
  /** How long the close line waits for a cancelled producer before it says "still running". */
  static final long STILL_RUNNING_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A stop within this of the cancel is "at once". */
  private static final long AT_ONCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private ProducerFate() {}

  /** The producer's class without the lambda suffix: {@code com.acme.Jobs} for a lambda in it. */
  static String className(Object producer) {
    String name = producer.getClass().getName();
    int lambda = name.indexOf("$$Lambda");
    return lambda > 0 ? name.substring(0, lambda) : name;
  }

  /** The innermost frame of {@code t} that is neither Seam's nor the JDK's nor the server's. */
  static String userFrame(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      String c = e.getClassName();
      if (!(isSeams(c)
          || c.startsWith("java.")
          || c.startsWith("jdk.")
          || c.startsWith("sun.")
          || c.startsWith("com.sun.")
          || c.startsWith("org.eclipse.jetty."))) {
        // Without the class loader's "app//" that StackTraceElement.toString() puts first.
        return c + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
      }
    }
    return null;
  }

  /** Seam's own frames: its internals and its API types (the emitter, events, the endpoint). */
  private static boolean isSeams(String c) {
    if (!c.startsWith("dev.seam.")) {
      return false;
    }
    if (c.contains(".internal.")) {
      return true;
    }
    String simple = c.substring(c.lastIndexOf('.') + 1);
    return simple.startsWith("Sse") || simple.startsWith("Seam") || simple.startsWith("Call");
  }

  static String stopped(String name, String frame, long cancelledAt, long returnedAt) {
    String who = who(name, frame);
    if (cancelledAt < 0 || returnedAt < cancelledAt) {
      return who + " had returned";
    }
    long after = returnedAt - cancelledAt;
    return after < AT_ONCE_NANOS
        ? who + " stopped at once"
        : who + " stopped " + Durations.formatNanos(after) + " after the cancel";
  }

  static String stillRunning(String name, String frame, long sinceCancel) {
    return who(name, frame)
        + " still running "
        + Durations.formatNanos(sinceCancel)
        + " after the cancel (it ignores its interrupt and cancel hooks; it holds its seam worker"
        + " until it returns)";
  }

  private static String who(String name, String frame) {
    return frame != null ? "producer at " + frame : "producer " + name;
  }
}
