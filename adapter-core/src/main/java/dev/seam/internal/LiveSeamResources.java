package dev.seam.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Resources that Seam's modules hold open on behalf of users (an SSE endpoint's open streams), so
 * that a leak check can count them without depending on the module that owns them: {@code
 * seam-test} cannot depend on {@code seam-sse}, whose tests use it. A module calls {@link #track}
 * once per owner; the owner is held weakly, so tracking never keeps it alive.
 *
 * <p>A process-wide static for the same reason as {@link LiveSeamThreads}: the check must see
 * resources of objects it never saw built. Owners are created rarely, so one lock is cheap enough.
 * Thread-safe; the counters run on the thread that calls {@link #snapshot}.
 */
public final class LiveSeamResources {
  private static final List<Tracked> OWNERS = new ArrayList<>();

  private LiveSeamResources() {}

  /**
   * Counts {@code owner}'s open resources from now on.
   *
   * @param owner held weakly; the counter must not refer to it strongly either, or it never goes
   * @param description what is counted, for the leak report ({@code "open streams of SSE endpoint
   *     'jobs'"})
   * @param open reads the count now; must be cheap, thread-safe and never block
   */
  public static void track(Object owner, String description, IntSupplier open) {
    synchronized (OWNERS) {
      OWNERS.removeIf(t -> t.owner.get() == null);
      OWNERS.add(new Tracked(owner, description, open));
    }
  }

  /**
   * The open count of every tracked owner still reachable, keyed by owner identity.
   *
   * @return a copy; a counter that throws counts as 0
   */
  public static IdentityHashMap<Object, Count> snapshot() {
    List<Tracked> all;
    synchronized (OWNERS) {
      all = new ArrayList<>(OWNERS);
    }
    IdentityHashMap<Object, Count> counts = new IdentityHashMap<>();
    for (Tracked t : all) {
      Object owner = t.owner.get();
      if (owner == null) {
        continue;
      }
      int n;
      try {
        n = t.open.getAsInt();
      } catch (RuntimeException e) {
        n = 0; // a counter of a half-closed owner has nothing open to report
      }
      counts.put(owner, new Count(t.description, n));
    }
    return counts;
  }

  private static final class Tracked {
    final WeakReference<Object> owner;
    final String description;
    final IntSupplier open;

    Tracked(Object owner, String description, IntSupplier open) {
      this.owner = new WeakReference<>(owner);
      this.description = description;
      this.open = open;
    }
  }

  /** What one owner holds open at the moment of a {@link #snapshot}. */
  public static final class Count {
    private final String description;
    private final int open;

    Count(String description, int open) {
      this.description = description;
      this.open = open;
    }

    /**
     * What is counted.
     *
     * @return the description given to {@link #track}
     */
    public String description() {
      return description;
    }

    /**
     * How many are open.
     *
     * @return the count at the snapshot
     */
    public int open() {
      return open;
    }
  }
}
