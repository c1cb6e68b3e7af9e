package dev.seam.reactor.internal;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.util.context.ContextView;

/**
 * Opens the Reactor {@code Context} of a subscriber as thread-locals on the subscribing thread,
 * through Micrometer's context-propagation: every {@code ThreadLocalAccessor} registered with the
 * global {@link ContextRegistry} whose key is in the context gets its value, and every other one is
 * cleared, so that what the seam's propagators capture at submission is the subscriber's context
 * and not whatever the Reactor thread happened to hold. Closing the scope restores the thread.
 *
 * <p>Without context-propagation on the class path, the scope does nothing.
 */
public final class ReactorContexts {
  private static final boolean AVAILABLE = available();

  private ReactorContexts() {}

  /**
   * Loads Micrometer's registry now. Its first use reads service files from jars (blocking I/O);
   * called when {@code SeamReactor} is first used, so that a first subscription on an event loop
   * does not do it there, where BlockHound would rightly fail it.
   */
  public static void load() {
    if (AVAILABLE) {
      Snapshots.anyAccessor();
    }
  }

  private static boolean available() {
    try {
      Class.forName(
          "io.micrometer.context.ContextSnapshotFactory",
          false,
          ReactorContexts.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** What {@link #open} returns: closed on the thread that opened it. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private static final Scope NOTHING = () -> {};

  /**
   * Installs {@code context} as thread-locals on this thread.
   *
   * @param context the subscriber's context
   * @return a scope that restores this thread's previous values
   */
  public static Scope open(ContextView context) {
    if (!AVAILABLE || (context.isEmpty() && !Snapshots.anyAccessor())) {
      return NOTHING;
    }
    ContextSnapshot.Scope scope = Snapshots.FACTORY.setThreadLocalsFrom(context);
    return scope::close;
  }

  /** Holds the context-propagation types apart, so the outer class loads without them. */
  private static final class Snapshots {
    static final ContextSnapshotFactory FACTORY =
        ContextSnapshotFactory.builder()
            .contextRegistry(ContextRegistry.getInstance())
            .clearMissing(true)
            .build();

    static boolean anyAccessor() {
      return !ContextRegistry.getInstance().getThreadLocalAccessors().isEmpty();
    }
  }
}
