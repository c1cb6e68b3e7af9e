package dev.seam.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A seam's admission: permits, the bounded queue, and the list of every admitted call that has not
 * finished, all under one lock.
 *
 * <p>A permit is taken at admission and given back only when a worker finds the queue empty after
 * its call returned, so a call abandoned by its caller keeps its permit until its worker really
 * returns. A worker that finishes a call takes the next queued one itself, skipping calls that were
 * dropped while queued. Every admitted call is on the live list from admission until a worker is
 * done with it (or it is dropped from the queue), so {@link #live()} shows close every call it must
 * complete, including one whose worker thread has not started yet. The list is intrusive (its links
 * are fields of the call), so admission allocates nothing for it.
 *
 * <p>The lane also counts the calls abandoned by their callers whose workers have not returned, so
 * that one read ({@link #load}) gives running, queued and abandoned as they were at one instant.
 */
final class Lane {
  private final int maxConcurrency;
  private final int maxQueued;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<CallTask<?>> queue = new ArrayDeque<>(); // guarded by lock
  private CallTask<?> liveHead; // guarded by lock; the newest admitted call
  private CallTask<?> liveTail; // guarded by lock; the oldest, where the permit holders are
  private int running; // guarded by lock: permits taken
  private int abandoned; // guarded by lock: abandoned calls whose workers are still in them
  private volatile boolean closed; // written under lock

  Lane(int maxConcurrency, int maxQueued) {
    this.maxConcurrency = maxConcurrency;
    this.maxQueued = maxQueued;
  }

  /** A time in a {@link Refusal} that there was nothing to take it from. */
  static final long NONE = Long.MIN_VALUE;

  /**
   * Why a call was not admitted, read at one instant under the lane's lock: closed, or full with
   * these counts; when the oldest live queued call was submitted and the longest-running permit
   * holder started ({@link #NONE} if none). Made only for a refused call.
   */
  record Refusal(
      boolean closed,
      int running,
      int queued,
      int abandoned,
      long oldestQueuedSince,
      long longestRunningSince) {}

  private static final Refusal CLOSED = new Refusal(true, 0, 0, 0, NONE, NONE);

  int maxConcurrency() {
    return maxConcurrency;
  }

  int maxQueued() {
    return maxQueued;
  }

  /**
   * Admits a call: a permit if one is free, else a place in the queue ({@code task.waitedInQueue}
   * says which; only admission writes it, so the submitting thread may read it afterwards).
   *
   * @return null if admitted; otherwise why it was refused
   */
  Refusal admit(CallTask<?> task) {
    lock.lock();
    try {
      if (closed) {
        return CLOSED;
      }
      if (running < maxConcurrency) {
        running++;
        link(task);
        return null;
      }
      if (queue.size() < maxQueued) {
        queue.addLast(task);
        task.inQueue = true;
        task.waitedInQueue = true;
        link(task);
        return null;
      }
      return full();
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many live calls a failure may look at under the lock. The walks start at the oldest call
   * and stop once they have seen every permit holder, which come first (a call queues only while
   * every permit is held, and the queue is served oldest first), so a long queue behind them is
   * never walked; this only bounds the time a rejection flood holds the lock if that order is ever
   * broken.
   */
  private static final int MAX_WALK = 1024;

  /** The lane's state for a rejection; walks the queue and the live list, under the lock. */
  private Refusal full() {
    long oldestQueued = NONE;
    for (CallTask<?> q : queue) {
      if (q.isQueued()) {
        oldestQueued = q.submittedNanos();
        break;
      }
    }
    long longestRunning = NONE;
    int walked = 0;
    int holders = 0;
    for (CallTask<?> t = liveTail;
        t != null && holders < running && walked++ < MAX_WALK;
        t = t.livePrev) {
      if (t.inQueue) {
        continue;
      }
      holders++;
      long since = t.runningSinceNanos();
      if (since != NONE && (longestRunning == NONE || since - longestRunning < 0)) {
        longestRunning = since;
      }
    }
    return new Refusal(false, running, queue.size(), abandoned, oldestQueued, longestRunning);
  }

  /** A worker is done with {@code finished}: the next live queued call, or the permit back. */
  CallTask<?> next(CallTask<?> finished) {
    lock.lock();
    try {
      unlink(finished);
      CallTask<?> next;
      while ((next = queue.pollFirst()) != null) {
        next.inQueue = false;
        if (next.isQueued()) {
          return next; // keeps the permit; stays live until its worker is done with it
        }
        unlink(next);
      }
      running--;
      signalIfIdle();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** The worker executor refused a dispatched call: its permit comes back. */
  void dispatchFailed(CallTask<?> task) {
    lock.lock();
    try {
      unlink(task);
      running--;
      signalIfIdle();
    } finally {
      lock.unlock();
    }
  }

  /** A queued call was dropped (deadline, cancel, close); a dispatched one waits for its worker. */
  void dropQueued(CallTask<?> task) {
    lock.lock();
    try {
      if (task.inQueue) {
        queue.remove(task);
        task.inQueue = false;
        unlink(task);
        signalIfIdle();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses every later call; returns whether this call closed the lane. */
  boolean close() {
    lock.lock();
    try {
      boolean first = !closed;
      closed = true;
      return first;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Waits until no call holds a permit or waits in the queue, or the time is up.
   *
   * @return whether the lane is idle
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitIdle(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!isIdle()) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Every admitted call that has not finished with its worker, newest first. */
  List<CallTask<?>> live() {
    lock.lock();
    try {
      List<CallTask<?>> all = new ArrayList<>();
      for (CallTask<?> t = liveHead; t != null; t = t.liveNext) {
        all.add(t);
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** A running call was abandoned: its future completed while its worker is still in it. */
  void abandoned() {
    lock.lock();
    try {
      abandoned++;
    } finally {
      lock.unlock();
    }
  }

  /** An abandoned call's worker returned; always after {@link #abandoned} for that call. */
  void abandonedReturned() {
    lock.lock();
    try {
      abandoned--;
    } finally {
      lock.unlock();
    }
  }

  /** Permits held, calls queued and calls abandoned, read together. */
  Load load() {
    lock.lock();
    try {
      return new Load(running, queue.size(), abandoned);
    } finally {
      lock.unlock();
    }
  }

  /** The lane's load now, for failure messages: "3/10 running, 0/100 queued, 1 abandoned". */
  String loadText() {
    return loadText(load());
  }

  /** A load read earlier, as {@link #loadText()} says it. */
  String loadText(Load l) {
    return l.running()
        + "/"
        + maxConcurrency
        + " running, "
        + l.queued()
        + "/"
        + maxQueued
        + " queued, "
        + l.abandoned()
        + " abandoned";
  }

  /**
   * The abandoned call whose worker has been in it longest since its future completed, or null.
   * Walks the live list: for failure messages only, never on a call's way through.
   */
  CallTask<?> oldestAbandoned() {
    lock.lock();
    try {
      CallTask<?> oldest = null;
      long oldestAt = 0;
      if (abandoned == 0) {
        return null;
      }
      int walked = 0;
      int holders = 0;
      for (CallTask<?> t = liveTail;
          t != null && holders < running && walked++ < MAX_WALK;
          t = t.livePrev) {
        if (t.inQueue) {
          continue;
        }
        holders++;
        long at = t.abandonedAtNanos();
        if (at != CallTask.NOT_ABANDONED && (oldest == null || at - oldestAt < 0)) {
          oldest = t;
          oldestAt = at;
        }
      }
      return oldest;
    } finally {
      lock.unlock();
    }
  }

  /**
   * "; oldest abandoned call holding a permit: ..." for a failure while abandoned calls hold
   * permits, or "" when none does any more. Logs that call's abandoned-call warning now (rate
   * limited) rather than only when its own check fires.
   */
  String oldestAbandonedText(long now) {
    CallTask<?> oldest = oldestAbandoned();
    return oldest == null
        ? ""
        : "; oldest abandoned call holding a permit: " + oldest.stuckText(now);
  }

  /** One instant's load of a lane. */
  record Load(int running, int queued, int abandoned) {}

  private boolean isIdle() {
    return running == 0 && queue.isEmpty();
  }

  private void signalIfIdle() {
    if (isIdle()) {
      idle.signalAll();
    }
  }

  private void link(CallTask<?> task) {
    task.live = true;
    task.liveNext = liveHead;
    if (liveHead != null) {
      liveHead.livePrev = task;
    } else {
      liveTail = task;
    }
    liveHead = task;
  }

  private void unlink(CallTask<?> task) {
    if (!task.live) {
      return;
    }
    task.live = false;
    if (task.livePrev != null) {
      task.livePrev.liveNext = task.liveNext;
    } else {
      liveHead = task.liveNext;
    }
    if (task.liveNext != null) {
      task.liveNext.livePrev = task.livePrev;
    } else {
      liveTail = task.livePrev;
    }
    task.livePrev = null;
    task.liveNext = null;
  }
}
