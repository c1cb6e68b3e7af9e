package dev.seam.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A data source, between a pool and the driver, whose statements do not hear Seam's cancel: either
 * deaf ({@code cancel()} does nothing) or serialising ({@code cancel()} waits until the running
 * statement returned, as some pool and proxy wrappers do). Either way they drop the query timeout,
 * which would otherwise stop the statement on the server. {@code Connection.abort} reaches the
 * driver. Thread-safe.
 */
final class UnheardCancel {
  private static final long SERIALISED_CANCEL_SECONDS = 30; // bounded: a broken test cannot hang

  private final boolean serialising;
  private final AtomicReference<Statement> running = new AtomicReference<>();
  final CountDownLatch executing = new CountDownLatch(1);
  final CountDownLatch cancelCalled = new CountDownLatch(1);
  private final CountDownLatch executeReturned = new CountDownLatch(1);

  private UnheardCancel(boolean serialising) {
    this.serialising = serialising;
  }

  static UnheardCancel deaf() {
    return new UnheardCancel(false);
  }

  static UnheardCancel serialisingCancelBehindTheStatement() {
    return new UnheardCancel(true);
  }

  DataSource over(DataSource driver) {
    return proxy(
        DataSource.class,
        (p, m, a) -> {
          Object result = invoke(driver, m, a);
          return m.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
  }

  /** Stops the running statement with the driver's own cancel, as an operator would. */
  void stopForReal() throws SQLException {
    Statement s = running.get();
    if (s != null) {
      s.cancel();
    }
  }

  private Connection connection(Connection real) {
    return proxy(
        Connection.class,
        (p, m, a) -> {
          Object result = invoke(real, m, a);
          return result instanceof Statement s && m.getReturnType().isInterface()
              ? statement(m.getReturnType(), s)
              : result;
        });
  }

  private Object statement(Class<?> type, Statement real) {
    return proxy(
        type,
        (p, m, a) -> {
          String name = m.getName();
          if (name.startsWith("execute")) {
            running.set(real);
            executing.countDown();
            try {
              return invoke(real, m, a);
            } finally {
              running.set(null);
              executeReturned.countDown();
            }
          }
          if (name.equals("setQueryTimeout")) {
            return null;
          }
          if (name.equals("cancel")) {
            cancelCalled.countDown();
            if (serialising && executeReturned.await(SERIALISED_CANCEL_SECONDS, TimeUnit.SECONDS)) {
              return invoke(real, m, a); // too late to matter
            }
            return null;
          }
          return invoke(real, m, a);
        });
  }

  private static Object invoke(Object target, Method m, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked") // Proxy returns an instance of the one interface asked for
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(
            UnheardCancel.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
