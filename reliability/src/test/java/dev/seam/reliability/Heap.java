package dev.seam.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap after full collections, for "the heap stays flat" checks. */
final class Heap {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private Heap() {}

  /**
   * Used heap in bytes after collecting until the figure settles (within 1 % between two
   * collections, at most five): one collection may leave objects that finalization or reference
   * processing frees on the next.
   */
  static long usedAfterGc() {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      MEMORY.gc(); // synchronous on the default collectors
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) <= used / 100) {
        return used;
      }
      last = used;
    }
    return last;
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
