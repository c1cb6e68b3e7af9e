package dev.seam.testing;

import dev.seam.internal.LiveSeamThreads;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * A JUnit 5 extension that fails a test which leaves a seam thread ({@code seam-...}) alive or an
 * MDC entry on the test thread. Seam threads are the platform threads so named and every thread a
 * seam created, virtual ones included (the JVM's thread list omits those). Threads alive before the
 * test are not counted. Threads get two seconds to finish exiting; MDC is cleared after a failure
 * so the next test starts clean.
 *
 * <pre>{@code @ExtendWith(SeamLeakCheck.class) class OrdersTest { ... }}</pre>
 *
 * @since 0.1
 */
public final class SeamLeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SeamLeakCheck.class);

  private final long exitGraceMillis;

  /** Creates the extension; JUnit does this. */
  public SeamLeakCheck() {
    this(Duration.ofSeconds(2));
  }

  /** For tests of the check itself, which expect the leak and need not wait for it to end. */
  SeamLeakCheck(Duration exitGrace) {
    this.exitGraceMillis = exitGrace.toMillis();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("before", seamThreads());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    @SuppressWarnings("unchecked")
    Set<Thread> before = (Set<Thread>) context.getStore(NS).get("before", Set.class);
    Set<Thread> leaked = new HashSet<>(seamThreads());
    if (before != null) {
      leaked.removeAll(before);
    }
    long deadline = System.nanoTime() + exitGraceMillis * 1_000_000;
    for (Thread t : leaked) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left > 0) {
        t.join(left);
      }
    }
    List<Thread> alive = leaked.stream().filter(Thread::isAlive).collect(Collectors.toList());
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    MDC.clear();
    if (!alive.isEmpty()) {
      StringBuilder sb = new StringBuilder("test leaked seam threads (close every seam):");
      for (Thread t : alive) {
        sb.append("\n  ").append(t.getName()).append(" ").append(t.getState());
        for (StackTraceElement e : t.getStackTrace()) {
          sb.append("\n    at ").append(e);
        }
      }
      throw new AssertionError(sb.toString());
    }
    if (mdc != null && !mdc.isEmpty()) {
      throw new AssertionError("test left MDC entries on its thread: " + mdc);
    }
  }

  private static Set<Thread> seamThreads() {
    // Named platform threads also cover those that other Seam modules start themselves.
    Set<Thread> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("seam-"))
            .collect(Collectors.toCollection(HashSet::new));
    threads.addAll(LiveSeamThreads.snapshot());
    return threads;
  }
}
