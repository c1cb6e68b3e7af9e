package dev.seam.reactor.internal;

import java.util.Arrays;

/**
 * Where a {@code Mono} or {@code Flux} over a seam was assembled: the user's line that built the
 * operator chain. A seam reports the <em>submitting</em> call site, which for a reactive chain is
 * the subscription, deep in Reactor or Netty; the assembly site is the line a reader wants, so a
 * failure carries it as a suppressed exception, as Reactor's own {@code checkpoint()} does.
 *
 * <p>Capture records the JVM's native backtrace only; frames are decoded when a call fails.
 */
public final class AssemblySite extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_FRAMES = 32;

  private boolean trimmed; // guarded by this

  private AssemblySite() {
    super("assembled at", null, false, true);
  }

  /**
   * Records the current stack.
   *
   * @return the site
   */
  public static AssemblySite capture() {
    return new AssemblySite();
  }

  /**
   * Attaches this site to a failure, once, with Seam's and Reactor's frames cut from its top.
   *
   * @param failure what the subscriber is about to receive
   * @return the same failure
   */
  public Throwable attachTo(Throwable failure) {
    for (Throwable s : failure.getSuppressed()) {
      if (s == this) {
        return failure;
      }
    }
    trim();
    failure.addSuppressed(this);
    return failure;
  }

  // One site serves every subscription of its Mono: the frames are decoded and cut once.
  private synchronized void trim() {
    if (trimmed) {
      return;
    }
    trimmed = true;
    StackTraceElement[] all = getStackTrace();
    int first = 0;
    while (first < all.length && isOwnFrame(all[first].getClassName())) {
      first++;
    }
    setStackTrace(Arrays.copyOfRange(all, first, Math.min(all.length, first + MAX_FRAMES)));
  }

  private static boolean isOwnFrame(String className) {
    return className.startsWith("dev.seam.reactor.internal.")
        || className.equals("dev.seam.reactor.SeamReactor");
  }
}
