package dev.seam.testing;

import dev.seam.internal.LiveSeamResources;
import dev.seam.internal.LiveSeamThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * A JUnit 5 extension that fails a test which leaves behind:
 *
 * <ul>
 *   <li>a live seam thread: the platform threads named {@code seam-...} and every thread a seam
 *       created, virtual ones included (the JVM's thread list omits those);
 *   <li>an MDC entry, or a value of a {@linkplain #withThreadLocal registered} {@code ThreadLocal},
 *       on the test thread or on a seam thread when that thread ended (a worker ends when its seam
 *       closes or it idles out), so that one call's context could have reached the next call;
 *   <li>an open SSE stream: any {@code SseEndpoint} with more open streams than before the test
 *       (its producer is a seam call, so a producer still running is a live seam thread too);
 *   <li>anything else a {@linkplain #withResource registered counter} counts (a pool's leased
 *       connections), above its count before the test.
 * </ul>
 *
 * Threads, streams and counters that existed before the test are not counted against it. Threads
 * get two seconds to finish exiting and counters two seconds to come back down; MDC and registered
 * thread locals on the test thread are cleared after a failure so the next test starts clean.
 *
 * <pre>{@code @ExtendWith(SeamLeakCheck.class) class OrdersTest { ... }
 *
 * class TenantTest {
 *   @RegisterExtension
 *   final SeamLeakCheck leaks =
 *       SeamLeakCheck.create()
 *           .withThreadLocal(Tenant.CURRENT)
 *           .withResource("leased connections", () -> pool.getHikariPoolMXBean().getActiveConnections());
 * }
 * }</pre>
 *
 * <p>Thread-safety: one instance may serve a whole class; tests must not run in parallel with one
 * another in the same JVM while it checks, because seam threads and counters are process-wide.
 * Registered thread locals are read on the ending seam thread with {@link ThreadLocal#get()}, so
 * register only thread locals whose empty value is {@code null} (not {@code withInitial}).
 *
 * @since 0.1
 */
public final class SeamLeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SeamLeakCheck.class);

  private final long graceMillis;
  private final List<ThreadLocal<?>> threadLocals;
  private final Map<String, IntSupplier> resources;

  /** Creates the default check; JUnit does this for {@code @ExtendWith(SeamLeakCheck.class)}. */
  public SeamLeakCheck() {
    this(Duration.ofSeconds(2));
  }

  /** For tests of the check itself, which expect the leak and need not wait for it to end. */
  SeamLeakCheck(Duration exitGrace) {
    this(exitGrace.toMillis(), List.of(), Map.of());
  }

  private SeamLeakCheck(
      long graceMillis, List<ThreadLocal<?>> threadLocals, Map<String, IntSupplier> resources) {
    this.graceMillis = graceMillis;
    this.threadLocals = List.copyOf(threadLocals);
    this.resources = Map.copyOf(resources);
  }

  /**
   * The default check, to extend with {@link #withThreadLocal} and {@link #withResource} and
   * register with {@code @RegisterExtension}.
   *
   * @return a check of seam threads, MDC and SSE streams
   */
  public static SeamLeakCheck create() {
    return new SeamLeakCheck();
  }

  /**
   * Waits up to {@code grace}, instead of two seconds, for threads to exit and counters to come
   * back down after each test.
   *
   * @param grace zero or more
   * @return a new check with that grace
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public SeamLeakCheck withGrace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace < 0: " + grace);
    }
    return new SeamLeakCheck(grace.toMillis(), threadLocals, resources);
  }

  /**
   * Also fails a test that leaves a value in {@code threadLocal} on the test thread or on a seam
   * thread as it ends: register what your {@code Propagators.threadLocal(...)} carries.
   *
   * @param threadLocal whose empty value is {@code null}
   * @return a new check with it added
   */
  public SeamLeakCheck withThreadLocal(ThreadLocal<?> threadLocal) {
    Objects.requireNonNull(threadLocal, "threadLocal");
    List<ThreadLocal<?>> more = new ArrayList<>(threadLocals);
    more.add(threadLocal);
    return new SeamLeakCheck(graceMillis, more, resources);
  }

  /**
   * Also fails a test after which {@code open} reads more than it did before the test, once the
   * grace has passed: connections a pool has lent out, streams a server holds.
   *
   * @param description what is counted, for the failure message
   * @param open read on the test thread before and after each test; must not block
   * @return a new check with it added
   * @throws IllegalArgumentException if {@code description} is blank or already registered
   */
  public SeamLeakCheck withResource(String description, IntSupplier open) {
    Objects.requireNonNull(open, "open");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("resource description is blank: '" + description + "'");
    }
    if (resources.containsKey(description)) {
      throw new IllegalArgumentException("resource already registered: '" + description + "'");
    }
    Map<String, IntSupplier> more = new LinkedHashMap<>(resources);
    more.put(description, open);
    return new SeamLeakCheck(graceMillis, threadLocals, more);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ExitFindings.start(threadLocals);
    ExtensionContext.Store store = context.getStore(NS);
    store.put("threads", seamThreads());
    store.put("tracked", LiveSeamResources.snapshot());
    store.put("resources", readResources());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    ExtensionContext.Store store = context.getStore(NS);
    @SuppressWarnings("unchecked")
    Set<Thread> before = (Set<Thread>) store.get("threads", Set.class);
    @SuppressWarnings("unchecked")
    IdentityHashMap<Object, LiveSeamResources.Count> trackedBefore =
        (IdentityHashMap<Object, LiveSeamResources.Count>) store.get("tracked", Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Integer> resourcesBefore = (Map<String, Integer>) store.get("resources", Map.class);
    long deadline = System.nanoTime() + graceMillis * 1_000_000;

    List<String> problems = new ArrayList<>();
    List<Thread> alive = awaitLeakedThreads(before, deadline);
    if (!alive.isEmpty()) {
      problems.add(describeThreads(alive));
    }
    problems.addAll(openResources(trackedBefore, resourcesBefore, deadline));
    for (ExitFindings.Finding f : ExitFindings.stop()) {
      if (before == null || !before.contains(f.thread)) {
        problems.add("seam thread " + f.thread.getName() + " ended holding " + f.left);
      }
    }
    problems.addAll(testThreadContext());
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  private static List<Thread> awaitLeakedThreads(Set<Thread> before, long deadline)
      throws InterruptedException {
    Set<Thread> leaked = new HashSet<>(seamThreads());
    if (before != null) {
      leaked.removeAll(before);
    }
    for (Thread t : leaked) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left > 0) {
        t.join(left);
      }
    }
    return leaked.stream().filter(Thread::isAlive).collect(Collectors.toList());
  }

  private static String describeThreads(List<Thread> alive) {
    StringBuilder sb = new StringBuilder("test leaked seam threads (close every seam):");
    for (Thread t : alive) {
      sb.append("\n  ").append(t.getName()).append(" ").append(t.getState());
      for (StackTraceElement e : t.getStackTrace()) {
        sb.append("\n    at ").append(e);
      }
    }
    return sb.toString();
  }

  /** Polls until every count is back to where it was, or the deadline passes. */
  private List<String> openResources(
      IdentityHashMap<Object, LiveSeamResources.Count> trackedBefore,
      Map<String, Integer> resourcesBefore,
      long deadline) {
    while (true) {
      List<String> open = new ArrayList<>();
      for (Map.Entry<Object, LiveSeamResources.Count> e : LiveSeamResources.snapshot().entrySet()) {
        LiveSeamResources.Count was = trackedBefore == null ? null : trackedBefore.get(e.getKey());
        int baseline = was == null ? 0 : was.open();
        if (e.getValue().open() > baseline) {
          open.add(describeOpen(e.getValue().description(), baseline, e.getValue().open()));
        }
      }
      Map<String, Integer> now = readResources();
      for (Map.Entry<String, Integer> e : now.entrySet()) {
        int baseline = resourcesBefore == null ? 0 : resourcesBefore.getOrDefault(e.getKey(), 0);
        if (e.getValue() > baseline) {
          open.add(describeOpen(e.getKey(), baseline, e.getValue()));
        }
      }
      if (open.isEmpty() || System.nanoTime() - deadline >= 0) {
        return open;
      }
      // Streams and connections close asynchronously after the test's last step; this is the
      // extension's own bounded wait, like a thread join, not a test's synchronisation.
      LockSupport.parkNanos(5_000_000);
    }
  }

  private static String describeOpen(String what, int before, int now) {
    return "test left " + what + " open: " + now + " (before the test: " + before + ")";
  }

  private Map<String, Integer> readResources() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map.Entry<String, IntSupplier> e : resources.entrySet()) {
      counts.put(e.getKey(), e.getValue().getAsInt());
    }
    return counts;
  }

  /** MDC and registered thread locals on the test thread, cleared so the next test starts clean. */
  private List<String> testThreadContext() {
    List<String> problems = new ArrayList<>();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    MDC.clear();
    if (mdc != null && !mdc.isEmpty()) {
      problems.add("test left MDC entries on its thread: " + mdc);
    }
    for (ThreadLocal<?> tl : threadLocals) {
      Object value = tl.get();
      tl.remove();
      if (value != null) {
        problems.add("test left a thread-local value on its thread: " + tl + " = " + value);
      }
    }
    return problems;
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
