package dev.seam.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;

/**
 * The statement handed to user code: every {@code execute*} goes through the call's {@link Lease},
 * which refuses it once the call is cancelled and knows which statements are inside the driver.
 *
 * <p>Why: drivers drop a {@code Statement.cancel()} that arrives while nothing executes (pgjdbc and
 * H2 both return at once when the statement is idle), so a cancel landing between {@code
 * prepareStatement} and {@code execute} was lost, and the query then ran until its query timeout.
 * Everything but {@code execute*} and the identity methods goes straight to the driver's statement,
 * on the calling thread.
 */
final class GuardedStatement implements InvocationHandler {
  private final Statement statement;
  private final Lease lease;

  private GuardedStatement(Statement statement, Lease lease) {
    this.statement = statement;
    this.lease = lease;
  }

  /**
   * Wraps a tracked statement.
   *
   * @param statement the driver's statement, already tracked by the lease
   * @param type the interface the connection method returned ({@code Statement}, {@code
   *     PreparedStatement} or {@code CallableStatement})
   * @param lease the call's lease
   * @return a proxy of {@code type}
   */
  static Object wrap(Statement statement, Class<?> type, Lease lease) {
    return Proxy.newProxyInstance(
        GuardedStatement.class.getClassLoader(),
        new Class<?>[] {type},
        new GuardedStatement(statement, lease));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "SeamStatement[" + statement + "]";
      };
    }
    if (!name.startsWith("execute")) {
      return forward(method, args);
    }
    lease.beforeExecute(statement);
    try {
      return forward(method, args);
    } finally {
      lease.afterExecute(statement);
    }
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(statement, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
