package dev.seam.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A driver that ignores everything meant to stop it: its statements block in {@code execute*} until
 * the test opens the gate, deaf to interrupts, {@code Statement.cancel()} and {@code
 * Connection.abort()}. The worst case J2 and C3 must make visible: a worker that cannot be freed.
 */
final class DeafDriver {
  private static final long GATE_SECONDS = 20; // bounded, so a broken test cannot hang the build

  final CountDownLatch executing = new CountDownLatch(1);
  final CountDownLatch gate = new CountDownLatch(1);
  final AtomicInteger cancels = new AtomicInteger();
  final AtomicInteger aborts = new AtomicInteger();
  final AtomicInteger interruptsIgnored = new AtomicInteger();
  final CountDownLatch firstCancel = new CountDownLatch(1);

  /**
   * Opened by a test that wants a driver which is deaf only at first: cancels that arrive before it
   * opens are dropped (as a driver drops a cancel before its statement counts as running); a cancel
   * after it stops the executing statement with SQLState 57014.
   */
  final CountDownLatch running = new CountDownLatch(1);

  private volatile boolean hearsCancelWhenRunning;
  private volatile boolean blocksInNext;
  private volatile boolean stoppedByCancel;

  /** From now on a cancel that comes after {@link #running} opened stops the statement. */
  DeafDriver hearingCancelOnceRunning() {
    hearsCancelWhenRunning = true;
    return this;
  }

  /**
   * From now on {@code executeQuery} returns at once and the result set's {@code next()} blocks
   * instead (deaf as above): a row stream whose worker is inside the driver fetching a row.
   */
  DeafDriver blockingInNextRow() {
    blocksInNext = true;
    return this;
  }

  DataSource dataSource() {
    return proxy(
        DataSource.class,
        (p, m, a) ->
            switch (m.getName()) {
              case "getConnection" -> connection();
              case "isWrapperFor" -> false;
              default -> throw new SQLException("not in this fake: " + m.getName());
            });
  }

  private Connection connection() {
    return proxy(
        Connection.class,
        (p, m, a) ->
            switch (m.getName()) {
              case "prepareStatement", "createStatement" -> statement();
              case "abort" -> {
                aborts.incrementAndGet();
                yield null; // deaf
              }
              case "getAutoCommit" -> true;
              case "isClosed", "isWrapperFor" -> false;
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == a[0];
              case "toString" -> "DeafConnection";
              default -> null; // close, setAutoCommit, rollback: accepted, nothing happens
            });
  }

  private PreparedStatement statement() {
    return proxy(
        PreparedStatement.class,
        (p, m, a) -> {
          String name = m.getName();
          if (name.equals("executeQuery") && blocksInNext) {
            return resultSet();
          }
          if (name.startsWith("execute")) {
            executing.countDown();
            awaitGateIgnoringInterrupts();
            if (stoppedByCancel) {
              throw new SQLException("canceling statement due to user request", "57014");
            }
            throw new SQLException("the deaf statement was let go by the test", "HY000");
          }
          return switch (name) {
            case "cancel" -> {
              cancels.incrementAndGet();
              if (hearsCancelWhenRunning && running.getCount() == 0) {
                stoppedByCancel = true;
                gate.countDown();
              }
              firstCancel.countDown(); // after the check: a cancel the test waits for was dropped
              yield null; // otherwise deaf
            }
            case "isClosed" -> false;
            case "getQueryTimeout" -> 0; // as a fresh statement: Seam sets the deadline
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            case "toString" -> "DeafStatement";
            default -> null; // setQueryTimeout, setObject, close: accepted, nothing happens
          };
        });
  }

  private ResultSet resultSet() {
    return proxy(
        ResultSet.class,
        (p, m, a) ->
            switch (m.getName()) {
              case "next" -> {
                executing.countDown();
                awaitGateIgnoringInterrupts();
                throw new SQLException("the deaf row was let go by the test", "HY000");
              }
              case "isClosed" -> false;
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == a[0];
              case "toString" -> "DeafResultSet";
              default -> null; // close: accepted
            });
  }

  private void awaitGateIgnoringInterrupts() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_SECONDS);
    boolean interrupted = false;
    while (true) {
      try {
        gate.await(until - System.nanoTime(), TimeUnit.NANOSECONDS);
        break;
      } catch (InterruptedException e) {
        interruptsIgnored.incrementAndGet();
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked") // Proxy returns an instance of the one interface asked for
  private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(DeafDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
