package dev.seam.reactor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A data source whose statements report when {@code cancel()} reaches them, then pass it on to the
 * driver, so a test can wait for the resource-level cancel without sleeping.
 */
final class CancelSpy {
  private final CountDownLatch cancelled = new CountDownLatch(1);

  DataSource over(DataSource pool) {
    return proxy(
        DataSource.class,
        pool,
        (method, result) ->
            method.equals("getConnection")
                ? proxy(Connection.class, result, this::spyOnStatements)
                : result);
  }

  boolean awaitCancelled() throws InterruptedException {
    return cancelled.await(10, TimeUnit.SECONDS);
  }

  boolean wasCancelled() {
    return cancelled.getCount() == 0;
  }

  private Object spyOnStatements(String method, Object result) {
    if (result instanceof Statement s) {
      Class<?> type =
          result instanceof java.sql.PreparedStatement
              ? java.sql.PreparedStatement.class
              : Statement.class;
      return proxy(
          type,
          s,
          (m, r) -> {
            if (m.equals("cancel")) {
              cancelled.countDown();
            }
            return r;
          });
    }
    return result;
  }

  @FunctionalInterface
  private interface After {
    Object apply(String method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, After after) {
    return type.cast(
        Proxy.newProxyInstance(
            CancelSpy.class.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              return after.apply(method.getName(), result);
            }));
  }
}
