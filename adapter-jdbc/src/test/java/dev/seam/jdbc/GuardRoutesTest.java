package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No route leads around the guard: every {@code java.sql} method that hands out a connection,
 * statement, metadata or result set, reached from the connection a call is given, hands out a
 * guarded one, never the driver's. Driven by reflection over the interfaces, so a method a later
 * JDK adds is covered without a change here. The "driver" is a proxy whose every such method
 * returns another raw proxy (and whose {@code getObject} returns a raw result set, as a PostgreSQL
 * refcursor does), so a wrapper that forwards without guarding hands one out and is caught.
 */
@ExtendWith(SeamLeakCheck.class)
class GuardRoutesTest {
  /** The interfaces whose instances user code must only ever see guarded. */
  private static final List<Class<?>> GUARDED =
      List.of(
          Connection.class,
          Statement.class,
          PreparedStatement.class,
          CallableStatement.class,
          DatabaseMetaData.class,
          ResultSet.class);

  @Test
  void everyMethodReturningAJdbcObjectReturnsAGuardedOne() throws Exception {
    DataSource raw = (DataSource) rawProxy(DataSource.class);
    List<String> escapes = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    try (Seam seam = Seam.builder("routes").timeout(Duration.ofSeconds(10)).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(raw, seam).build()) {
      jdbc.useConnection(handed -> walk(handed, escapes, checked)).get();
    }
    assertThat(escapes).as("methods that hand out the driver's object").isEmpty();
    // Connection, three statements, metadata and result sets: 80 routes on JDK 17.
    assertThat(checked).hasSizeGreaterThanOrEqualTo(80);
    assertThat(checked)
        .contains(
            "DatabaseMetaData.getConnection",
            "ResultSet.getStatement",
            "Statement.getGeneratedKeys",
            "Statement.getResultSet",
            "DatabaseMetaData.getTables",
            "CallableStatement.getObject");
  }

  /** Visits every guarded class reachable from the handed-out connection once. */
  private static void walk(Object start, List<String> escapes, List<String> checked)
      throws Exception {
    Deque<Object> todo = new ArrayDeque<>(List.of(start));
    Set<Class<?>> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (!seen.add(o.getClass())) {
        continue;
      }
      for (Class<?> iface : GUARDED) {
        if (!iface.isInstance(o)) {
          continue;
        }
        for (Method m : iface.getMethods()) {
          if (Modifier.isStatic(m.getModifiers()) || !returnsAJdbcObject(m)) {
            continue;
          }
          Object result = m.invoke(o, arguments(m));
          checked.add(iface.getSimpleName() + "." + m.getName());
          if (result != null && Proxy.isProxyClass(result.getClass())) {
            escapes.add(iface.getSimpleName() + "." + m.toGenericString());
          } else if (result != null) {
            todo.push(result);
          }
        }
      }
    }
  }

  /** A guarded type, or {@code Object} from a {@code getObject} (a nested result set). */
  private static boolean returnsAJdbcObject(Method m) {
    Class<?> r = m.getReturnType();
    if (r == Object.class) {
      return m.getName().equals("getObject");
    }
    return GUARDED.stream().anyMatch(g -> g.isAssignableFrom(r) || r.isAssignableFrom(g));
  }

  private static Object[] arguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = defaultFor(types[i]);
    }
    return args;
  }

  private static Object defaultFor(Class<?> t) {
    if (t == int.class) {
      return 1;
    } else if (t == long.class) {
      return 1L;
    } else if (t == boolean.class) {
      return false;
    } else if (t == short.class) {
      return (short) 0;
    } else if (t == String.class) {
      return "x";
    } else if (t == Class.class) {
      return ResultSet.class; // getObject(i, ResultSet.class): the refcursor route
    } else if (t.isArray()) {
      return java.lang.reflect.Array.newInstance(t.getComponentType(), 0);
    }
    return null;
  }

  /** A "driver" object: JDBC objects come back raw, everything else as a harmless default. */
  private static Object rawProxy(Class<?> type) {
    return Proxy.newProxyInstance(
        GuardRoutesTest.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          Class<?> r = method.getReturnType();
          if (method.getName().equals("toString")) {
            return "raw " + type.getSimpleName();
          } else if (method.getName().equals("hashCode")) {
            return System.identityHashCode(proxy);
          } else if (method.getName().equals("equals")) {
            return proxy == args[0];
          } else if (r == Object.class && method.getName().equals("getObject")) {
            return rawProxy(ResultSet.class);
          } else if (r.isInterface() && r.getName().startsWith("java.sql.")) {
            return rawProxy(r);
          }
          return defaultValue(r);
        });
  }

  private static Object defaultValue(Class<?> r) {
    if (r == boolean.class) {
      return false;
    } else if (r == int.class) {
      return 0;
    } else if (r == long.class) {
      return 0L;
    } else if (r == short.class) {
      return (short) 0;
    } else if (r == byte.class) {
      return (byte) 0;
    } else if (r == float.class) {
      return 0f;
    } else if (r == double.class) {
      return 0d;
    } else if (r == String.class) {
      return "";
    }
    return null;
  }

  @SuppressWarnings("unused") // kept for a clearer failure when a driver method throws
  private static Throwable cause(InvocationTargetException e) {
    return e.getCause();
  }
}
