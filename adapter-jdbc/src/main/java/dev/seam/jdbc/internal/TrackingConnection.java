package dev.seam.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection handed to user code: every statement it creates is tracked by the call's {@link
 * Lease} (so cancellation reaches it), gets the deadline as its query timeout, and is handed out as
 * a {@link GuardedStatement} (so a cancel before {@code execute} is not lost). {@code close()} does
 * nothing, since the adapter returns the connection; {@code abort} is refused; any use after the
 * callback returned fails, so a stored reference cannot touch a connection that now serves another
 * call.
 */
final class TrackingConnection implements InvocationHandler {
  private final Lease lease;
  private volatile boolean expired;

  private TrackingConnection(Lease lease) {
    this.lease = lease;
  }

  /** A proxy over the lease's connection, and the handle that expires it. */
  static Handed hand(Lease lease) {
    TrackingConnection handler = new TrackingConnection(lease);
    Connection proxy =
        (Connection)
            Proxy.newProxyInstance(
                TrackingConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                handler);
    return new Handed(proxy, handler);
  }

  /**
   * A handed-out proxy.
   *
   * @param connection the proxy for user code
   * @param handler expires it once the callback returned
   */
  record Handed(Connection connection, TrackingConnection handler) {
    void expire() {
      handler.expired = true;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, name, args);
    }
    if (name.equals("isClosed")) {
      return expired || lease.connection().isClosed();
    }
    if (name.equals("close")) {
      return null; // the adapter returns the connection when the callback is done
    }
    if (expired) {
      throw new SQLException(
          "connection from seam '"
              + lease.call().seamName()
              + "' used after its callback returned: "
              + name,
          "08003");
    }
    if (name.equals("abort")) {
      throw new SQLException("abort the call (cancel its future), not its connection", "0A000");
    }
    Object result;
    try {
      result = method.invoke(lease.connection(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof Statement s
        && (name.equals("createStatement")
            || name.equals("prepareStatement")
            || name.equals("prepareCall"))) {
      return GuardedStatement.wrap(lease.track(s), method.getReturnType(), lease);
    }
    return result;
  }

  private Object objectMethod(Object proxy, String name, Object[] args) {
    return switch (name) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "SeamConnection[" + lease.call().seamName() + ", " + lease.connection() + "]";
    };
  }
}
