package dev.seam.micrometer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A blocking call body a test controls: it signals when it started and blocks until opened. Waits
 * are bounded so a broken test fails instead of hanging.
 */
final class Gate {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);

  /** Blocks until opened; an interrupt ends it with {@link InterruptedException}. */
  <T> T pass(T value) throws InterruptedException {
    started.countDown();
    if (!open.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gate never opened");
    }
    return value;
  }

  /** Blocks until opened, ignoring interrupts, as a call stuck in a socket read would. */
  <T> T passIgnoringInterrupts(T value) {
    started.countDown();
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (open.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // swallowed on purpose: this call ignores its interrupt
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return value;
  }

  void awaitStarted() throws InterruptedException {
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("call never started");
    }
  }

  void open() {
    open.countDown();
  }
}
