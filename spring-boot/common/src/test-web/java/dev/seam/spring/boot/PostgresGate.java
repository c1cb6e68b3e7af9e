package dev.seam.spring.boot;

import dev.seam.testsupport.OptionalSuite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL server of {@code .ci/postgres.sh} (SEAM_PG_URL, SEAM_PG_USER,
 * SEAM_PG_PASSWORD). Without one the suite is skipped with a line saying how to run it, unless
 * {@code -Dseam.postgres.required=true} (set by {@code .ci/run}) makes that a failure.
 */
final class PostgresGate {
  static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  static final String USER = env("SEAM_PG_USER", "seam");
  static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  private static String failure;
  private static boolean checked;

  private PostgresGate() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, props);
  }

  /**
   * Points the application's {@code DataSource} at this server.
   *
   * @param registry a test class's {@code @DynamicPropertySource} registry
   */
  static void datasource(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> URL);
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> PASSWORD);
  }

  /** Skips (or, when required, fails) the calling test class if the server is not reachable. */
  static synchronized void assumeReachable() {
    if (!checked) {
      checked = true;
      try (Connection c = connect()) {
        OptionalSuite.ran("PostgreSQL");
      } catch (SQLException e) {
        failure = "no PostgreSQL at " + URL + " (" + e.getMessage() + ")";
        if (!Boolean.getBoolean("seam.postgres.required")) {
          OptionalSuite.skipped(
              "PostgreSQL", "no server at " + URL + "; start one with `. .ci/postgres.sh`");
          System.out.println(
              "\n*** Spring Boot PostgreSQL suite SKIPPED: "
                  + failure
                  + ".\n*** To run it: `. .ci/postgres.sh`, then mvn verify.\n");
        }
      }
    }
    if (failure != null) {
      if (Boolean.getBoolean("seam.postgres.required")) {
        Assertions.fail(failure + " (-Dseam.postgres.required=true)");
      }
      Assumptions.abort(failure + "; suite skipped");
    }
  }
}
