package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.testing.SeamLeakCheck;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connection and statements handed to user code are hand-written delegating classes: every
 * method of their JDBC interface, default methods included, must be their own, or a driver's
 * implementation (an {@code executeLargeUpdate}, say) would be skipped for the interface's default
 * and slip past the cancel guard. Fails when a JDK adds a method to {@code java.sql}.
 */
@ExtendWith(SeamLeakCheck.class)
class WrapperCompletenessTest {
  @ParameterizedTest
  @CsvSource({
    "java.sql.Connection, TrackingConnection",
    "java.sql.Statement, GuardedStatement",
    "java.sql.PreparedStatement, GuardedPreparedStatement",
    "java.sql.CallableStatement, GuardedCallableStatement",
    "java.sql.DatabaseMetaData, GuardedMetaData",
    "java.sql.ResultSet, GuardedResultSet"
  })
  void everyInterfaceMethodIsImplementedByTheWrapper(String iface, String wrapper)
      throws ClassNotFoundException {
    Class<?> type = Class.forName(iface);
    Class<?> impl = Class.forName("dev.seam.jdbc.internal." + wrapper);
    assertThat(type)
        .isIn(
            Connection.class,
            Statement.class,
            PreparedStatement.class,
            CallableStatement.class,
            DatabaseMetaData.class,
            ResultSet.class);
    List<String> inherited = new ArrayList<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method found;
      try {
        found = impl.getMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        inherited.add(m.toString());
        continue;
      }
      if (found.getDeclaringClass().isInterface()) {
        inherited.add(m.toString());
      }
    }
    assertThat(inherited).as("methods %s leaves to the interface", wrapper).isEmpty();
  }
}
