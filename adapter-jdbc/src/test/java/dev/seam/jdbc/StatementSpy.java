package dev.seam.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source over a pool that counts the {@code setQueryTimeout} calls reaching the driver's
 * statements and, when deaf, drops every {@code Statement.cancel()} Seam sends (the driver's own
 * query-timeout timer still cancels, since it calls the driver's statement directly). Thread-safe.
 */
final class StatementSpy {
  final AtomicInteger queryTimeoutsSet = new AtomicInteger();
  private final CountDownLatch cancelDropped = new CountDownLatch(1);
  private final boolean deaf;

  private StatementSpy(boolean deaf) {
    this.deaf = deaf;
  }

  /** A spy that passes everything on. */
  static StatementSpy counting() {
    return new StatementSpy(false);
  }

  /** A spy whose statements never hear Seam's cancel. */
  static StatementSpy deafToCancel() {
    return new StatementSpy(true);
  }

  /** A data source whose statements are spied on. */
  DataSource over(DataSource pool) {
    return proxy(
        DataSource.class,
        pool,
        (method, args) -> false,
        (method, result) ->
            method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, a) -> false, this::spyOnStatements)
                : result);
  }

  /** Waits until a cancel was dropped. */
  void awaitCancelDropped() throws InterruptedException {
    if (!cancelDropped.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no cancel reached a statement");
    }
  }

  private Object spyOnStatements(Method method, Object result) {
    if (result instanceof Statement s && method.getReturnType().isInterface()) {
      return proxy(method.getReturnType(), s, this::swallow, (m, r) -> r);
    }
    return result;
  }

  /** Counts query timeouts; true if the call must not reach the driver. */
  private boolean swallow(Method method, Object[] args) {
    switch (method.getName()) {
      case "setQueryTimeout" -> queryTimeoutsSet.incrementAndGet();
      case "cancel" -> {
        if (deaf) {
          cancelDropped.countDown();
          return true;
        }
      }
      default -> {}
    }
    return false;
  }

  @FunctionalInterface
  private interface Before {
    boolean swallow(Method method, Object[] args);
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, Before before, After after) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (before.swallow(method, args)) {
            return null;
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after.apply(method, result);
        };
    return type.cast(
        Proxy.newProxyInstance(
            StatementSpy.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
