package dev.seam.sse.postgres;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts the statements a log prepares or executes through a data source, by kind (the log's own
 * SQL told apart by its text): what the log costs PostgreSQL, counted where it is sent.
 */
final class StatementCounter {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** The data source as the log sees it: the same connections, counted. */
  DataSource view(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, m, args) -> {
              Object r = invoke(ds, m, args);
              return r instanceof Connection c ? counting(c) : r;
            });
  }

  private Connection counting(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, m, args) -> {
              if (m.getName().equals("prepareStatement")) {
                count(kind((String) args[0]));
              } else if (m.getName().equals("createStatement")) {
                count("other");
              }
              return invoke(c, m, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String kind(String sql) {
    if (sql.contains("ON CONFLICT (name) DO UPDATE")) {
      return "append";
    }
    if (sql.contains("unnest(")) {
      return "read followed streams";
    }
    if (sql.contains("LEFT JOIN LATERAL")) {
      return "replay";
    }
    if (sql.endsWith("RETURNING epoch, last_n")) {
      return "position"; // and marks the stream followed
    }
    if (sql.contains("followed_at = now() WHERE name = ANY")) {
      return "mark followed";
    }
    if (sql.startsWith("DELETE")) {
      return "trim";
    }
    return "other";
  }

  private void count(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long get(String kind) {
    LongAdder a = counts.get(kind);
    return a == null ? 0 : a.sum();
  }

  void reset() {
    counts.clear();
  }

  @Override
  public String toString() {
    return new java.util.TreeMap<>(counts).toString();
  }
}
