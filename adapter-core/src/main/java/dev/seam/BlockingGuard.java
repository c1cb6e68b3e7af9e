package dev.seam;

import dev.seam.internal.BlockingCheck;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Detects code that blocks on a seam's work from a thread that must not block: an event loop, a
 * thread the application marked, the common {@link java.util.concurrent.ForkJoinPool}. Opt-in and
 * JVM-wide; no Java agent.
 *
 * <pre>{@code
 * BlockingGuard.warn();                 // in production: log it
 * BlockingGuard.fail();                 // in tests: throw SeamBlockingException
 * BlockingGuard.markCurrentThread();    // on a thread of your own event loop
 * }</pre>
 *
 * <h2>What is checked</h2>
 *
 * The waits Seam owns: {@code get()}, {@code get(timeout, unit)} and {@code join()} of every future
 * a seam returns and of every stage derived from one, when the future is not yet complete (joining
 * a completed future does not block); {@link SeamScope#join()} while calls are unfinished; {@link
 * SeamScope#close()} while calls are still held. A wait on a plain {@code CompletableFuture} built
 * from seam futures ({@code allOf}, {@code anyOf}) is not seen.
 *
 * <h2>Which threads must not block</h2>
 *
 * A thread must not block when any of these holds, checked in this order:
 *
 * <ul>
 *   <li>it was marked with {@link #markCurrentThread()};
 *   <li>a predicate registered with {@link #forbid(Predicate)} accepts it;
 *   <li>its class implements {@code reactor.core.scheduler.NonBlocking} (Reactor's parallel and
 *       single schedulers, Reactor Netty), detected by name, so Reactor need not be present;
 *   <li>its name matches the event-loop pattern, {@link #DEFAULT_EVENT_LOOP_NAMES} unless changed
 *       with {@link #eventLoopNames(String)}: Netty, Vert.x, Reactor Netty, Lettuce, Armeria, gRPC,
 *       Undertow I/O threads, and each seam's own timer thread;
 *   <li>it is a worker of {@link java.util.concurrent.ForkJoinPool#commonPool()}, unless turned off
 *       with {@link #commonPool(boolean)}: blocking there starves every {@code ...Async} stage and
 *       parallel stream of the JVM.
 * </ul>
 *
 * <h2>What happens</h2>
 *
 * {@link Mode#WARN}: a WARN under the {@code dev.seam.Seam} logger naming the thread, why it must
 * not block, the seam and the call, with the waiting thread's stack; at most once every 10 seconds
 * per seam, with the count of those left out; then the wait goes ahead. {@link Mode#FAIL}: the
 * waiting method throws {@link SeamBlockingException} with the same message instead of waiting. The
 * call itself is never affected.
 *
 * <h2>Cost and threads</h2>
 *
 * Off (the default), each guarded wait reads one volatile field; {@code Seam.call} and the worker's
 * path never look at the guard. On, a wait on an unfinished future also tests the rules above. All
 * methods are thread-safe and take effect for waits that start afterwards.
 *
 * @since 0.1
 */
public final class BlockingGuard {
  /**
   * The default event-loop thread name pattern, matched against the whole name: Netty ({@code
   * nioEventLoopGroup-2-1}, {@code epollEventLoopGroup-...}, {@code
   * multiThreadIoEventLoopGroup-...}), Lettuce and Micronaut ({@code ...EventLoop...}), Vert.x
   * ({@code vert.x-eventloop-thread-0}, {@code vert.x-acceptor-thread-0}), Reactor Netty ({@code
   * reactor-http-nio-1}, {@code reactor-tcp-epoll-2}, ...), Armeria ({@code
   * armeria-common-worker-nio-1-1}), gRPC ({@code grpc-nio-worker-ELG-1-1}), Undertow ({@code
   * XNIO-1 I/O-1}) and Seam's own timers ({@code seam-<name>-timer}), which fire every deadline of
   * a seam.
   */
  public static final String DEFAULT_EVENT_LOOP_NAMES = BlockingCheck.DEFAULT_NAMES;

  /** What the guard does when a thread that must not block is about to wait. */
  public enum Mode {
    /** Nothing; the default. */
    OFF,
    /** Log a WARN with the waiting thread's stack, then wait. */
    WARN,
    /** Throw {@link SeamBlockingException} instead of waiting. */
    FAIL
  }

  /**
   * Undoes what {@link #markCurrentThread()} or {@link #forbid(Predicate)} did. Closing twice does
   * nothing more.
   */
  @FunctionalInterface
  public interface Rule extends AutoCloseable {
    /** Removes the mark or the predicate. */
    @Override
    void close();
  }

  private BlockingGuard() {}

  /** Turns the guard on in {@link Mode#WARN} mode. */
  public static void warn() {
    BlockingCheck.mode(BlockingCheck.WARN);
  }

  /** Turns the guard on in {@link Mode#FAIL} mode, for tests. */
  public static void fail() {
    BlockingCheck.mode(BlockingCheck.FAIL);
  }

  /** Turns the guard off. Marks, predicates and patterns are kept for when it is turned on. */
  public static void off() {
    BlockingCheck.mode(BlockingCheck.OFF);
  }

  /**
   * The current mode.
   *
   * @return {@link Mode#OFF} unless {@link #warn()} or {@link #fail()} was called
   */
  public static Mode mode() {
    return Mode.values()[BlockingCheck.mode()];
  }

  /**
   * Marks the calling thread as one that must not block, typically at the start of an event-loop
   * thread of your own. The mark lasts until the returned rule is closed, which must happen on this
   * same thread, or until the thread ends.
   *
   * @return a rule whose {@code close} restores the thread's previous marking
   */
  public static Rule markCurrentThread() {
    return BlockingCheck.mark();
  }

  /**
   * Adds a rule: threads that {@code threads} accepts must not block. A predicate that throws is
   * treated as not accepting, and a WARN names it.
   *
   * @param threads tested with the waiting thread, on that thread; must be fast and thread-safe
   * @return a rule whose {@code close} removes the predicate
   * @throws NullPointerException if {@code threads} is null
   */
  public static Rule forbid(Predicate<Thread> threads) {
    return BlockingCheck.forbid(Objects.requireNonNull(threads, "threads"));
  }

  /**
   * Replaces the event-loop thread name pattern; default {@link #DEFAULT_EVENT_LOOP_NAMES}.
   *
   * @param regex a {@link java.util.regex.Pattern} matched against whole thread names; empty for
   *     none
   * @throws NullPointerException if {@code regex} is null
   * @throws IllegalArgumentException naming the pattern, if it is not a valid regular expression
   */
  public static void eventLoopNames(String regex) {
    BlockingCheck.names(Objects.requireNonNull(regex, "regex"));
  }

  /**
   * Whether workers of the common {@link java.util.concurrent.ForkJoinPool} must not block. Default
   * true.
   *
   * @param forbidden false to let them block
   */
  public static void commonPool(boolean forbidden) {
    BlockingCheck.commonPool(forbidden);
  }

  /**
   * Whether the calling thread must not block under the current rules, whatever the mode.
   *
   * @return true if a guarded wait on this thread would be reported once the guard is on
   */
  public static boolean mustNotBlock() {
    return BlockingCheck.reason(Thread.currentThread()) != null;
  }
}
