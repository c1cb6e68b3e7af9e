package dev.seam.jdbc;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** An H2 SQL function that ignores Statement.cancel(): it waits for a gate the test opens. */
public final class DeafFunction {
  /** The gate; the test sets a fresh one and opens it. */
  static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>(new CountDownLatch(0));

  /** Counted down when the function is entered: the statement is running. */
  static final AtomicReference<CountDownLatch> ENTERED =
      new AtomicReference<>(new CountDownLatch(0));

  private DeafFunction() {}

  /**
   * Called by H2 as {@code DEAF()}.
   *
   * @return 1 once the gate opens
   * @throws InterruptedException never in practice: workers are not interrupted
   */
  public static int deaf() throws InterruptedException {
    ENTERED.get().countDown();
    GATE.get().await(20, TimeUnit.SECONDS); // bounded, so a broken test cannot hang the build
    return 1;
  }
}
