package dev.seam.testing;

import dev.seam.SeamClock;
import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link SeamClock} that stands still until a test {@linkplain #advance advances} it. Deadlines
 * fire on the thread that advances the clock, in deadline order, before {@code advance} returns, so
 * a test can assert on a timed-out future right after advancing, without sleeping.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Seam seam = Seam.builder("orders").clock(clock).timeout(Duration.ofSeconds(2)).build();
 * CompletableFuture<Order> f = seam.call(() -> slowDao.find(42));
 * clock.advance(Duration.ofSeconds(2));
 * assertThat(f).isCompletedExceptionally();
 * }</pre>
 *
 * <p>Thread-safe. Scheduled actions run outside the clock's lock, so an action may schedule more.
 *
 * @since 0.1
 */
public final class ManualClock implements SeamClock {
  private final PriorityQueue<Entry> pending = new PriorityQueue<>();
  private long now;
  private long sequence;

  /** A clock that reads zero until advanced. */
  public ManualClock() {}

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    Objects.requireNonNull(action, "action");
    Entry e;
    synchronized (this) {
      long delay = Math.max(0, delayNanos);
      long at = delay > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delay; // "forever" saturates
      e = new Entry(at, sequence++, action);
      pending.add(e);
    }
    return () -> cancel(e);
  }

  private synchronized void cancel(Entry e) {
    pending.remove(e);
  }

  /**
   * Moves time forward by {@code amount}, running every action that falls due, in order, on this
   * thread. Time stands at each action's due time while it runs.
   *
   * @param amount how far to move; zero runs what is due now
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount < 0: " + amount);
    }
    long target;
    synchronized (this) {
      target = now + amount.toNanos();
    }
    while (true) {
      Entry due;
      synchronized (this) {
        due = pending.peek();
        if (due == null || due.at > target) {
          now = target;
          return;
        }
        pending.poll();
        now = Math.max(now, due.at);
      }
      due.action.run();
    }
  }

  /**
   * How many scheduled actions have not run or been cancelled.
   *
   * @return the number pending
   */
  public synchronized int pending() {
    return pending.size();
  }

  @Override
  public synchronized String toString() {
    return "ManualClock{now=" + Duration.ofNanos(now) + ", pending=" + pending.size() + "}";
  }

  private static final class Entry implements Comparable<Entry> {
    final long at;
    final long seq;
    final Runnable action;

    Entry(long at, long seq, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
