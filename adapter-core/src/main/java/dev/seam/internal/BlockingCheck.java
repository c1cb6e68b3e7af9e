package dev.seam.internal;

import dev.seam.BlockingGuard;
import dev.seam.Seam;
import dev.seam.SeamBlockingException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and rules behind {@link BlockingGuard}, and the check that Seam's waiting methods make.
 * JVM-wide, like the threads it judges. The waiting methods read {@link #isOn()} (one volatile
 * read) and call {@link #beforeWait} only when it is true, so an unused guard costs nothing else.
 */
public final class BlockingCheck {
  private static final Logger LOG = LoggerFactory.getLogger(Seam.class);
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_LIMITED_SEAMS = 1024;

  /** Modes, as {@link BlockingGuard.Mode} ordinals. */
  public static final int OFF = 0;

  public static final int WARN = 1;
  public static final int FAIL = 2;

  /** See {@link BlockingGuard#DEFAULT_EVENT_LOOP_NAMES}. */
  public static final String DEFAULT_NAMES =
      ".*?[Ee]vent[Ll]oop.*"
          + "|vert\\.x-acceptor-thread-\\d+"
          + "|reactor-(http|tcp|udp)-.+"
          + "|armeria-common-worker-.+"
          + "|grpc-(nio|epoll|default)-worker-.+"
          + "|XNIO-\\d+ I/O-\\d+"
          + "|seam-.+?-timer";

  private static final String NON_BLOCKING = "reactor.core.scheduler.NonBlocking";

  private static volatile int mode = OFF;
  private static volatile Pattern names = Pattern.compile(DEFAULT_NAMES);
  private static volatile boolean commonPool = true;
  private static final List<Forbidden> PREDICATES = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Boolean> MARKED = new ThreadLocal<>();
  private static final ThreadLocal<NameVerdict> NAME_VERDICT = new ThreadLocal<>();

  /** Whether a thread's class implements Reactor's marker, looked up once per class, by name. */
  private static final ClassValue<Boolean> REACTOR_NON_BLOCKING =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return implementsByName(type, NON_BLOCKING);
        }
      };

  /** Per seam: when it last warned, and how many it left out since. */
  private static final Map<String, long[]> LIMITS = new ConcurrentHashMap<>();

  private static final AtomicLong PREDICATE_WARNINGS = new AtomicLong();

  private BlockingCheck() {}

  /**
   * Whether the guard is on. The one read a waiting method makes when it is off.
   *
   * @return true in WARN or FAIL mode
   */
  public static boolean isOn() {
    return mode != OFF;
  }

  /**
   * Sets the mode.
   *
   * @param newMode {@link #OFF}, {@link #WARN} or {@link #FAIL}
   */
  public static void mode(int newMode) {
    mode = newMode;
  }

  /**
   * The mode.
   *
   * @return {@link #OFF}, {@link #WARN} or {@link #FAIL}
   */
  public static int mode() {
    return mode;
  }

  /**
   * Replaces the name pattern.
   *
   * @param regex the pattern; empty for none
   */
  public static void names(String regex) {
    try {
      names = regex.isEmpty() ? null : Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "eventLoopNames is not a valid regular expression: '" + regex + "': " + e.getMessage(),
          e);
    }
  }

  /**
   * Whether the common pool's workers must not block.
   *
   * @param forbidden the new setting
   */
  public static void commonPool(boolean forbidden) {
    commonPool = forbidden;
  }

  /**
   * Marks the current thread.
   *
   * @return a rule that restores the previous marking
   */
  public static BlockingGuard.Rule mark() {
    Boolean previous = MARKED.get();
    MARKED.set(Boolean.TRUE);
    boolean[] closed = new boolean[1];
    return () -> {
      if (closed[0]) {
        return;
      }
      closed[0] = true;
      if (previous == null) {
        MARKED.remove();
      } else {
        MARKED.set(previous);
      }
    };
  }

  /**
   * Adds a predicate.
   *
   * @param threads the predicate
   * @return a rule that removes it
   */
  public static BlockingGuard.Rule forbid(Predicate<Thread> threads) {
    // One holder per registration, so the same predicate added twice is removed once per close.
    Forbidden own = new Forbidden(threads);
    PREDICATES.add(own);
    return () -> PREDICATES.remove(own);
  }

  /**
   * Why {@code thread} must not block, or null if it may.
   *
   * @param thread the thread; its mark is read from the calling thread, so pass the current one
   * @return the reason, phrased to follow "the thread ..."
   */
  public static String reason(Thread thread) {
    if (MARKED.get() != null && thread == Thread.currentThread()) {
      return "was marked by BlockingGuard.markCurrentThread()";
    }
    for (Forbidden f : PREDICATES) {
      if (accepts(f.threads, thread)) {
        return "is forbidden by a BlockingGuard.forbid(...) predicate";
      }
    }
    if (REACTOR_NON_BLOCKING.get(thread.getClass())) {
      return "implements " + NON_BLOCKING;
    }
    Pattern p = names;
    if (p != null && nameMatches(thread, p)) {
      return "has an event-loop name (BlockingGuard.eventLoopNames: " + shorten(p.pattern()) + ")";
    }
    if (commonPool
        && thread instanceof ForkJoinWorkerThread fj
        && fj.getPool() == ForkJoinPool.commonPool()) {
      return "is a worker of ForkJoinPool.commonPool()";
    }
    return null;
  }

  /**
   * Called by a waiting method when {@link #isOn()} and it is about to wait: warns or throws if the
   * current thread must not block.
   *
   * @param seam the seam whose work the thread waits for, or null (a scope over several)
   * @param waitsIn the waiting method, for the message: {@code "SeamFuture.join()"}
   * @param waitsFor what it waits for, for the message: the call, or the scope
   * @throws SeamBlockingException in FAIL mode
   */
  public static void beforeWait(String seam, String waitsIn, Object waitsFor) {
    SeamBlockingException e = check(seam, waitsIn, waitsFor);
    if (e != null) {
      throw e;
    }
  }

  /**
   * Like {@link #beforeWait}, for a method that has work to finish before it throws (a close that
   * still cancels): returns the exception instead of throwing it.
   *
   * @param seam as for {@link #beforeWait}
   * @param waitsIn as for {@link #beforeWait}
   * @param waitsFor as for {@link #beforeWait}
   * @return the exception to throw instead of waiting, in FAIL mode; otherwise null
   */
  public static SeamBlockingException check(String seam, String waitsIn, Object waitsFor) {
    int m = mode;
    if (m == OFF) {
      return null;
    }
    Thread thread = Thread.currentThread();
    String why = reason(thread);
    if (why == null) {
      return null;
    }
    String seamName = seam != null ? seam : "(scope)";
    String message =
        "thread '"
            + thread.getName()
            + "' "
            + why
            + ", so it must not block, but it waits in "
            + waitsIn
            + " for "
            + waitsFor
            + (seam != null ? " on seam '" + seam + "'" : "")
            + "; use a dependent stage (thenApply, thenCompose, whenComplete) instead of waiting,"
            + " or wait on a thread that may block";
    SeamBlockingException e = new SeamBlockingException(seamName, message);
    if (m == FAIL) {
      return e;
    }
    long suppressed = turn(seamName);
    if (suppressed >= 0) {
      LOG.warn(
          "{}{}",
          message,
          suppressed > 0 ? " (" + suppressed + " more for this seam in the last 10 s)" : "",
          e);
    }
    return null;
  }

  /** Returns -1 if this warning is left out, else how many were left out since the last one. */
  private static long turn(String seam) {
    if (LIMITS.size() > MAX_LIMITED_SEAMS) {
      LIMITS.clear(); // seams come and go (tests make thousands): never hold them all
    }
    long[] state = LIMITS.computeIfAbsent(seam, k -> new long[] {Long.MIN_VALUE / 2, 0});
    long now = System.nanoTime();
    synchronized (state) {
      if (now - state[0] < EVERY_NANOS) {
        state[1]++;
        return -1;
      }
      long left = state[1];
      state[0] = now;
      state[1] = 0;
      return left;
    }
  }

  /**
   * Matching a long thread name against the default pattern takes microseconds, so the answer is
   * kept per thread until its name or the pattern changes; for another thread, it is computed.
   */
  private static boolean nameMatches(Thread thread, Pattern p) {
    String name = thread.getName();
    if (thread != Thread.currentThread()) {
      return p.matcher(name).matches();
    }
    NameVerdict v = NAME_VERDICT.get();
    if (v == null || v.pattern != p || !v.name.equals(name)) {
      v = new NameVerdict(name, p, p.matcher(name).matches());
      NAME_VERDICT.set(v);
    }
    return v.matches;
  }

  /** The last name check of one thread. */
  private static final class NameVerdict {
    final String name;
    final Pattern pattern;
    final boolean matches;

    NameVerdict(String name, Pattern pattern, boolean matches) {
      this.name = name;
      this.pattern = pattern;
      this.matches = matches;
    }
  }

  private static boolean accepts(Predicate<Thread> p, Thread thread) {
    try {
      return p.test(thread);
    } catch (RuntimeException e) {
      if (PREDICATE_WARNINGS.getAndIncrement() % 1000 == 0) { // once per thousand, not per wait
        LOG.warn("a BlockingGuard.forbid predicate threw; it counts as not forbidding", e);
      }
      return false;
    }
  }

  private static boolean implementsByName(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name) || implementsByName(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One registered predicate; compared by identity. */
  private static final class Forbidden {
    final Predicate<Thread> threads;

    Forbidden(Predicate<Thread> threads) {
      this.threads = threads;
    }
  }

  private static String shorten(String pattern) {
    return pattern.length() <= 60 ? pattern : pattern.substring(0, 57) + "...";
  }
}
