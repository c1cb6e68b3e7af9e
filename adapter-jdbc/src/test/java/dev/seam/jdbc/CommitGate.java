package dev.seam.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source over a pool whose connections stop in {@code commit()} until the test {@linkplain
 * #open opens} the gate, then run the real commit. The test can so move a deadline past while a
 * commit is on its way, without sleeping, and wait for the worker to give its connection back.
 */
final class CommitGate {
  private static final long WAIT_SECONDS = 10;

  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch opened = new CountDownLatch(1);
  private final CountDownLatch returned = new CountDownLatch(1);
  private final AtomicInteger commits = new AtomicInteger();
  private volatile boolean isolationFailsAfterCommit;

  /** A data source whose connections pass through this gate; the pool stays visible to Seam. */
  DataSource over(DataSource pool) {
    return (DataSource)
        Proxy.newProxyInstance(
            CommitGate.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(pool, method, args);
              return method.getName().equals("getConnection") ? gated((Connection) result) : result;
            });
  }

  /** Waits until a commit has reached the gate. */
  void awaitCommitReached() throws InterruptedException {
    if (!reached.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no commit reached the gate");
    }
  }

  /** Lets the waiting commit (and every later one) run. */
  void open() {
    opened.countDown();
  }

  /** Waits until a connection was given back, so whatever the call did is over. */
  void awaitConnectionReturned() throws InterruptedException {
    if (!returned.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no connection was returned");
    }
  }

  /** From now on, setting the isolation level fails on a connection that has committed. */
  void failIsolationAfterCommit() {
    isolationFailsAfterCommit = true;
  }

  /** How many commits ran on the database. */
  int commits() {
    return commits.get();
  }

  private Connection gated(Connection real) {
    AtomicInteger committed = new AtomicInteger();
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "commit" -> {
              reached.countDown();
              if (!opened.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("the test never opened the commit gate");
              }
              Object result = invoke(real, method, args);
              commits.incrementAndGet();
              committed.incrementAndGet();
              return result;
            }
            case "setTransactionIsolation" -> {
              if (isolationFailsAfterCommit && committed.get() > 0) {
                throw new SQLException("isolation level refused on purpose", "HY000");
              }
              return invoke(real, method, args);
            }
            case "close" -> {
              // Given back even when close() throws: a connection Seam aborted first (a cancel
              // that may still reach it) fails the pool's rollback on its way back.
              try {
                return invoke(real, method, args);
              } finally {
                returned.countDown();
              }
            }
            default -> {
              return invoke(real, method, args);
            }
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            CommitGate.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
