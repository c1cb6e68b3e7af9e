package dev.seam.internal;

import dev.seam.SeamClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The default clock: {@link System#nanoTime()} and a hashed timer wheel of 1 ms ticks on one thread
 * that the seam owns ({@code seam-<name>-timer}).
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: nearly every deadline is armed and then
 * cancelled because the call finished first, and the executor pays for both under one lock (a heap
 * insert, then a heap removal), with a task object, a future and a cancel handle per call. Here
 * arming is one small node and one compare-and-set onto a lock-free inbox; cancelling is one
 * volatile write. Only the timer thread touches the wheel: it moves the inbox into buckets, drops
 * cancelled nodes when it passes their bucket (at most one turn of the wheel, about a second, after
 * the cancel, whatever the deadline), and runs what is due.
 *
 * <p>Precision: an action never runs before its delay has passed. The thread sleeps until the
 * earliest live deadline in the next non-empty bucket (or that bucket's end, to drop cancelled
 * nodes), so an action runs its wake-up latency after it is due; the tick only groups nodes. (At
 * most {@link #MAX_PARK_NANOS} at a time, so cancelled nodes do not pile up in the inbox.) It exits
 * after {@link #IDLE_EXIT_NANOS} with nothing pending; the next arm starts it again. An arm that is
 * due before the sleeping thread's wake-up wakes it.
 *
 * <p>Thread-safety: {@link #schedule} and {@link Timeout#cancel} may be called from any thread.
 * Actions run on the timer thread; they must be short and must not block. An action that throws is
 * passed to the thread's uncaught-exception handler and the wheel goes on.
 */
final class TimerClock implements SeamClock {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int BUCKETS = 1024; // one turn is about a second: the common deadline
  private static final int MASK = BUCKETS - 1;
  static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  static final long IDLE_EXIT_NANOS = SeamThreadFactory.IDLE_NANOS;

  private static final VarHandle INBOX;
  private static final VarHandle RUNNING;
  private static final VarHandle ACTION;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      INBOX = lookup.findVarHandle(TimerClock.class, "inbox", Timeout.class);
      RUNNING = lookup.findVarHandle(TimerClock.class, "running", boolean.class);
      ACTION = lookup.findVarHandle(Timeout.class, "action", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ThreadFactory threads;
  private final long origin = System.nanoTime();

  // Shared between arming threads and the timer thread.
  @SuppressWarnings("UnusedVariable") // read and written through INBOX
  private volatile Timeout inbox;

  @SuppressWarnings("UnusedVariable") // read and written through RUNNING
  private volatile boolean running;

  private volatile Thread thread;
  private volatile long sleepingUntil = Long.MIN_VALUE; // relative; MIN_VALUE while awake
  private volatile boolean shutdown;

  // Confined to the timer thread (handed from one timer thread to the next through RUNNING).
  private final Timeout[] buckets = new Timeout[BUCKETS];
  private long processedTick;
  private int placed; // nodes in buckets, cancelled ones included

  TimerClock(ThreadFactory threads) {
    this.threads = threads;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    return arm(action, false, delayNanos);
  }

  /**
   * What a call's own timer fires: the wheel knows this, not the call. One interface rather than a
   * lambda per call, so arming a call's timer allocates only its node.
   */
  interface Due {
    /**
     * The armed delay has passed; runs on the timer thread, must be short and must not block.
     *
     * @param slowCheck which of the two checks it was armed for
     */
    void timerFired(boolean slowCheck);
  }

  /**
   * Arms a call's own timer without a lambda per call: the node holds the call, and {@code
   * slowCheck} says which of its two checks is due.
   */
  Scheduled schedule(Due call, boolean slowCheck, long delayNanos) {
    return arm(call, slowCheck, delayNanos);
  }

  private Scheduled arm(Object action, boolean slowCheck, long delayNanos) {
    if (shutdown) {
      throw new RejectedExecutionException("the seam's timer has stopped");
    }
    long now = System.nanoTime() - origin;
    long due = now + Math.max(0, delayNanos);
    Timeout t = new Timeout(due < now ? Long.MAX_VALUE : due, action, slowCheck); // saturate
    Timeout head;
    do {
      head = (Timeout) INBOX.getVolatile(this);
      t.next = head;
    } while (!INBOX.compareAndSet(this, head, t));
    if (!running) {
      try {
        start();
      } catch (RuntimeException | Error e) { // the node is in the inbox: the next start runs it
        fireLater(t, Math.max(0, delayNanos));
        throw new StartFailed(t, e);
      }
    } else if (t.due < sleepingUntil) {
      LockSupport.unpark(thread);
    }
    return t;
  }

  /**
   * Our thread did not start: the JDK's shared delay thread fires the node when it is due, so a
   * deadline still passes (and its worker is still interrupted) even if no later arm manages to
   * start ours. Whichever of the two takes the node's action first runs it; a cancel stops both.
   * Until it is due, the JDK's queue holds the node, cancelled or not: the price of a JVM out of
   * threads, paid only then.
   */
  private static void fireLater(Timeout t, long delayNanos) {
    try {
      CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, Runnable::run)
          .execute(() -> fire(t));
    } catch (RuntimeException | Error e) {
      // no thread there either: the next arm that starts ours runs the node
    }
  }

  /** Stops the timer: nothing armed runs any more, and later arms are refused. */
  void shutdownNow() {
    shutdown = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private void start() {
    if (!RUNNING.compareAndSet(this, false, true)) {
      return; // another arm started it; it drains the inbox first
    }
    try {
      Thread t = threads.newThread(this::loop);
      if (t == null) {
        throw new RejectedExecutionException("the timer's thread factory returned no thread");
      }
      thread = t;
      t.start();
    } catch (RuntimeException | Error e) {
      running = false; // let the next arm try again
      throw e;
    }
  }

  private void loop() {
    long idleSince = System.nanoTime();
    while (!shutdown) {
      long now = System.nanoTime() - origin;
      advance(now);
      long wake = nextWake(now);
      if (wake == Long.MAX_VALUE) {
        long idle = System.nanoTime() - idleSince;
        if (idle >= IDLE_EXIT_NANOS && exitIfStillIdle()) {
          return;
        }
        wake = now + MAX_PARK_NANOS; // short, so an inbox of cancelled far deadlines still drains
      } else {
        idleSince = System.nanoTime();
      }
      sleepingUntil = wake;
      // An arm after advance() either is in the inbox now or reads sleepingUntil and wakes us.
      if (INBOX.getVolatile(this) == null && !shutdown) {
        LockSupport.parkNanos(this, wake - now);
      }
      sleepingUntil = Long.MIN_VALUE;
    }
    drop();
  }

  /** Gives the wheel up unless an arm came in; true if this thread may end. */
  private boolean exitIfStillIdle() {
    running = false;
    if (INBOX.getVolatile(this) == null) {
      return true;
    }
    return !RUNNING.compareAndSet(this, false, true); // lost to an arm that started a new thread
  }

  /**
   * Moves the inbox into the wheel and runs what is due at {@code now} (relative to the origin).
   * Timer thread only; package-private for tests that drive the wheel without its thread.
   */
  void advance(long now) {
    long nowTick = now / TICK_NANOS;
    long from = Math.max(processedTick + 1, nowTick - MASK); // a late wake visits each bucket once
    for (long tick = from; tick <= nowTick; tick++) {
      expire((int) (tick & MASK), now);
    }
    processedTick = Math.max(processedTick, nowTick);
    // The bucket of the tick under way may already hold due nodes: the thread woke for them.
    expire((int) ((nowTick + 1) & MASK), now);
    Timeout t = (Timeout) INBOX.getAndSet(this, null);
    while (t != null) {
      Timeout next = t.next;
      t.next = null;
      place(t, now);
      t = next;
    }
  }

  private void expire(int bucket, long now) {
    Timeout t = buckets[bucket];
    buckets[bucket] = null;
    while (t != null) {
      Timeout next = t.next;
      t.next = null;
      placed--;
      place(t, now);
      t = next;
    }
  }

  private void place(Timeout t, long now) {
    if (t.action == null) {
      return; // cancelled: dropped here, without ever having cost the arming thread a lock
    }
    if (t.due <= now) {
      fire(t);
      return;
    }
    // due > now >= processedTick * TICK, so the bucket is ahead of the one just processed.
    int bucket = (int) (ceilDiv(t.due, TICK_NANOS) & MASK);
    t.next = buckets[bucket];
    buckets[bucket] = t;
    placed++;
  }

  private static void fire(Timeout t) {
    Object action = ACTION.getAndSet(t, null);
    if (action == null) {
      return;
    }
    try {
      if (action instanceof Due call) {
        call.timerFired(t.slowCheck);
      } else {
        ((Runnable) action).run();
      }
    } catch (RuntimeException | Error e) {
      Thread me = Thread.currentThread();
      me.getUncaughtExceptionHandler().uncaughtException(me, e);
    }
  }

  /**
   * When the thread must next wake, relative to the origin: the start of the first non-empty
   * bucket's tick, at most {@link #MAX_PARK_NANOS} away; {@code Long.MAX_VALUE} with nothing
   * pending.
   */
  long nextWake(long now) {
    if (placed == 0) {
      return Long.MAX_VALUE;
    }
    long cap = now + MAX_PARK_NANOS;
    for (long tick = processedTick + 1; (tick - 1) * TICK_NANOS < cap; tick++) {
      Timeout first = buckets[(int) (tick & MASK)];
      if (first != null) {
        // Wake for the earliest live node due in this tick, not at the tick's end: a deadline
        // should not wait for the tick to run out. Cancelled nodes only need the tick's end.
        long wake = Math.min(tick * TICK_NANOS, earliestLive(first));
        return Math.max(now, Math.min(wake, cap));
      }
    }
    return cap;
  }

  private static long earliestLive(Timeout t) {
    long earliest = Long.MAX_VALUE;
    for (; t != null; t = t.next) {
      if (t.action != null && t.due < earliest) {
        earliest = t.due;
      }
    }
    return earliest;
  }

  /** Relative reading of this wheel's clock, for tests that drive {@link #advance}. */
  long relativeNow() {
    return System.nanoTime() - origin;
  }

  private void drop() {
    inbox = null;
    Arrays.fill(buckets, null);
    placed = 0;
  }

  private static long ceilDiv(long x, long y) {
    long q = x / y;
    return q * y == x ? q : q + 1;
  }

  /**
   * The timer's thread could not be started (an {@code OutOfMemoryError: unable to create native
   * thread}, a thread factory that throws). The action is armed all the same: it is in the inbox,
   * and the next arm that starts the thread runs it when due, or the JDK's delay thread does if
   * that comes first; {@link #scheduled} cancels it.
   */
  static final class StartFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialized: caught inside the seam
    private final transient Scheduled scheduled;

    StartFailed(Scheduled scheduled, Throwable cause) {
      super("the seam's timer thread did not start", cause, false, false);
      this.scheduled = scheduled;
    }

    Scheduled scheduled() {
      return scheduled;
    }
  }

  /** One armed action; its own cancel handle. */
  static final class Timeout implements Scheduled {
    final long due; // relative to the wheel's origin
    final boolean slowCheck; // for a Due action: which of its checks this is
    volatile Object action; // a Runnable or a Due; null once cancelled or run
    Timeout next; // written before the inbox CAS publishes it, then by the timer thread only

    Timeout(long due, Object action, boolean slowCheck) {
      this.due = due;
      this.action = action;
      this.slowCheck = slowCheck;
    }

    @Override
    public void cancel() {
      action = null; // the timer thread drops the node when it next meets it
    }
  }
}
