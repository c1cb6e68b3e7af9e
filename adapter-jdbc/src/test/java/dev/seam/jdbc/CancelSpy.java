package dev.seam.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A data source over a pool whose statements report when {@code cancel()} reaches them, and then
 * pass it on to the driver. A test can so wait until a cancel hook has really run, without
 * sleeping.
 */
final class CancelSpy {
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /** A data source whose statements report their cancels; the pool stays visible to Seam. */
  DataSource over(DataSource pool) {
    return proxy(
        DataSource.class,
        pool,
        (target, method, result) ->
            method.getName().equals("getConnection")
                ? proxy(Connection.class, result, this::spyOnStatements)
                : result);
  }

  /** Waits until a statement was cancelled. */
  void awaitCancelled() throws InterruptedException {
    if (!cancelled.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no statement was cancelled");
    }
  }

  private Object spyOnStatements(Object target, Method method, Object result) {
    if (result instanceof Statement s && method.getReturnType().isInterface()) {
      return proxy(
          method.getReturnType(),
          s,
          (t, m, r) -> {
            if (m.getName().equals("cancel")) {
              cancelled.countDown();
            }
            return r;
          });
    }
    return result;
  }

  /** What to hand out instead of a result, after the real call returned it. */
  @FunctionalInterface
  private interface After {
    Object apply(Object target, Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, After after) {
    InvocationHandler handler =
        (p, method, args) -> {
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after.apply(target, method, result);
        };
    return type.cast(
        Proxy.newProxyInstance(CancelSpy.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
