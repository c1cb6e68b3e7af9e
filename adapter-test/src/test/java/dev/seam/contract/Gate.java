package dev.seam.contract;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A blocking call a test controls: it signals when it started and blocks until opened (or
 * interrupted). Waits are bounded so a broken test fails instead of hanging.
 */
final class Gate {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final CountDownLatch returned = new CountDownLatch(1);
  private volatile Thread runner;
  private volatile boolean interrupted;

  /** The blocking body: returns {@code value} once opened; records an interrupt and rethrows. */
  <T> T pass(T value) throws InterruptedException {
    runner = Thread.currentThread();
    started.countDown();
    try {
      if (!open.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
    } catch (InterruptedException e) {
      interrupted = true;
      throw e;
    } finally {
      returned.countDown();
    }
    return value;
  }

  /** Like {@link #pass} but ignores interrupts, as a call stuck in a socket read would. */
  <T> T passIgnoringInterrupts(T value) {
    runner = Thread.currentThread();
    started.countDown();
    boolean wasInterrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (open.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
            || System.nanoTime() > deadline) {
          break;
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
    }
    interrupted = wasInterrupted;
    returned.countDown();
    return value;
  }

  void awaitStarted() throws InterruptedException {
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("call never started");
    }
  }

  void awaitReturned() throws InterruptedException {
    if (!returned.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("call never returned");
    }
  }

  boolean hasStarted() {
    return started.getCount() == 0;
  }

  void open() {
    open.countDown();
  }

  Thread runner() {
    return runner;
  }

  boolean sawInterrupt() {
    return interrupted;
  }
}
