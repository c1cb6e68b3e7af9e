package dev.seam.migration;

import dev.seam.CallContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scope call a test controls: it starts, waits for its cancel hook, then (if so built) for the
 * test to release it, as work that keeps running a while after it was cancelled would. Every wait
 * is bounded so a broken test fails instead of hanging.
 */
final class BlockingCall {
  private static final long BOUND_SECONDS = 10;

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch hookRan = new CountDownLatch(1);
  private final CountDownLatch released;
  private final CountDownLatch returned = new CountDownLatch(1);

  private BlockingCall(boolean waitsForRelease) {
    this.released = new CountDownLatch(waitsForRelease ? 1 : 0);
  }

  /** A call that returns as soon as its cancel hook ran. */
  static BlockingCall untilCancelled() {
    return new BlockingCall(false);
  }

  /** A call that, once its cancel hook ran, still waits for {@link #releaseWhenParked}. */
  static BlockingCall untilCancelledAndReleased() {
    return new BlockingCall(true);
  }

  /** The call's body. */
  String run(CallContext call) throws InterruptedException {
    call.onCancel(hookRan::countDown);
    started.countDown();
    try {
      await(hookRan, "cancel hook never ran");
      await(released, "never released");
      return "unblocked";
    } finally {
      returned.countDown();
    }
  }

  void awaitStarted() throws InterruptedException {
    await(started, "call never started");
  }

  void awaitHookRan() throws InterruptedException {
    await(hookRan, "cancel hook never ran");
  }

  boolean hasReturned() {
    return returned.getCount() == 0;
  }

  /**
   * Releases the call from a new thread once its hook ran and {@code waiter} is parked, that is,
   * blocked waiting for this call to return.
   *
   * @return the releasing thread, to join at the end of the test
   */
  Thread releaseWhenParked(Thread waiter) {
    Thread releaser =
        new Thread(
            () -> {
              try {
                awaitHookRan();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
              while (!isParked(waiter) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              released.countDown();
            },
            "test-releaser");
    releaser.setDaemon(true);
    releaser.start();
    return releaser;
  }

  private static boolean isParked(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException(what);
    }
  }
}
