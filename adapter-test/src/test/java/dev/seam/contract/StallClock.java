package dev.seam.contract;

import dev.seam.SeamClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test clock for the narrow races of a call's life. Time moves only when the test says, either
 * firing what falls due ({@link #advance}) or not ({@link #skip}, a timer thread that is late). It
 * can also stall one thread inside a clock read: {@link #stallRead} makes the n-th read by a thread
 * whose name starts with a prefix block until {@link #release()}, which pauses a worker at a known
 * point of starting a call.
 */
final class StallClock implements SeamClock {
  private final List<Entry> pending = new ArrayList<>(); // guarded by this
  private long now; // guarded by this

  private String stallPrefix; // guarded by this
  private int stallAt; // guarded by this
  private int reads; // guarded by this
  private CountDownLatch stalled = new CountDownLatch(1);
  private CountDownLatch released = new CountDownLatch(1);

  /** The {@code n}-th clock read (from 1) by a thread named {@code prefix...} will block. */
  synchronized void stallRead(String prefix, int n) {
    stallPrefix = prefix;
    stallAt = n;
    reads = 0;
    stalled = new CountDownLatch(1);
    released = new CountDownLatch(1);
  }

  /** Waits until a thread is stalled in a read; false if none got there within the bound. */
  boolean awaitStalled(long millis) throws InterruptedException {
    CountDownLatch s;
    synchronized (this) {
      s = stalled;
    }
    return s.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Lets the stalled read return (the current time at that moment). */
  void release() {
    CountDownLatch r;
    synchronized (this) {
      r = released;
      stallPrefix = null;
    }
    r.countDown();
  }

  @Override
  public long nanoTime() {
    CountDownLatch block = null;
    synchronized (this) {
      if (stallPrefix != null && Thread.currentThread().getName().startsWith(stallPrefix)) {
        if (++reads == stallAt) {
          block = released;
          stalled.countDown();
        }
      }
    }
    if (block != null) {
      try {
        if (!block.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("stalled read never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      return now;
    }
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    Entry e;
    synchronized (this) {
      long at = delayNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, delayNanos);
      e = new Entry(at, action);
      pending.add(e);
    }
    return () -> {
      synchronized (this) {
        pending.remove(e);
      }
    };
  }

  /** Moves time without running anything: the timer thread is late. */
  synchronized void skip(Duration d) {
    now += d.toNanos();
  }

  /** Moves time and runs, on this thread, everything that falls due. */
  void advance(Duration d) {
    List<Entry> due = new ArrayList<>();
    synchronized (this) {
      now += d.toNanos();
      for (Entry e : List.copyOf(pending)) {
        if (e.at <= now) {
          due.add(e);
          pending.remove(e);
        }
      }
    }
    for (Entry e : due) {
      e.action.run();
    }
  }

  synchronized int pending() {
    return pending.size();
  }

  private static final class Entry {
    final long at;
    final Runnable action;

    Entry(long at, Runnable action) {
      this.at = at;
      this.action = action;
    }
  }
}
