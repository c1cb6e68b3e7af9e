package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table of tested third-party versions is generated from the parent POM, so it cannot
 * drift: this test builds the table from the POM's version properties and fails, printing the
 * table, when the README's differs. {@code -Dseam.readme.update=true} writes it instead.
 */
class TestedVersionsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String START = "<!-- tested-versions:start -->";
  private static final String END = "<!-- tested-versions:end -->";

  /** A library Seam's modules are built and tested against. */
  record Library(String name, String property, String modules) {}

  // The order of the README's table. A property that leaves the POM fails the test, on purpose.
  static final List<Library> LIBRARIES =
      List.of(
          new Library("SLF4J", "slf4j.version", "all"),
          new Library("OpenTelemetry", "opentelemetry.version", "core, http"),
          new Library("Micrometer", "micrometer.version", "core, micrometer"),
          new Library("HikariCP", "hikaricp.version", "jdbc, test"),
          new Library("H2", "h2.version", "jdbc (tests, demo)"),
          new Library("PostgreSQL JDBC (pgjdbc)", "postgresql.version", "jdbc, sse-postgres"),
          new Library("MariaDB Connector/J", "mariadb-jdbc.version", "jdbc"),
          new Library("MySQL Connector/J", "mysql-jdbc.version", "jdbc (on MariaDB)"),
          new Library("Jakarta Servlet API", "servlet-api.version", "sse"),
          new Library("Jetty", "jetty.version", "sse, demo"),
          new Library("OkHttp", "okhttp.version", "http"),
          new Library("Apache HttpClient", "httpclient5.version", "http"),
          new Library("Jedis", "jedis.version", "sse-redis"),
          new Library("Resilience4j", "resilience4j.version", "interop"),
          new Library("Guava", "guava.version", "interop"),
          new Library("JUnit Jupiter", "junit.version", "test"),
          new Library("Reactor (BOM)", "reactor.version", "reactor"),
          new Library("Spring Framework", "spring.version", "reactor (SeamServerSentEvents)"),
          new Library("Spring Boot 4", "spring-boot4.version", "spring-boot4-*"),
          new Library("Spring Boot 3", "spring-boot3.version", "spring-boot3-*"));

  @Test
  void theReadmeTableIsTheOneThePomGives() throws IOException {
    String table = table(properties(Files.readString(ROOT.resolve("pom.xml"))));
    Path readme = ROOT.resolve("README.md");
    String text = Files.readString(readme);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("README has " + START).isNotNegative();
    assertThat(end).as("README has " + END + " after the start").isGreaterThan(start);
    String current = text.substring(start + START.length(), end);
    if (Boolean.getBoolean("seam.readme.update")) {
      Files.writeString(
          readme, text.substring(0, start + START.length()) + table + text.substring(end));
      return;
    }
    assertThat(current)
        .as("README's tested versions (run with -Dseam.readme.update=true to write them)")
        .isEqualTo(table);
  }

  @Test
  void theExpectedRangeIsTheTestedMinorOnwardsWithinItsMajor() {
    assertThat(expected("12.1.14")).isEqualTo("12.1 or later 12.x");
    assertThat(expected("33.5.0-jre")).isEqualTo("33.5 or later 33.x");
    assertThat(expected("5.5")).isEqualTo("5.5 or later 5.x");
    assertThat(expected("2.3.232")).isEqualTo("2.3 or later 2.x");
  }

  static String table(Map<String, String> properties) {
    StringBuilder out =
        new StringBuilder("\n| library | tested with | expected to work | used by |\n");
    out.append("|---|---|---|---|\n");
    List<String> missing = new ArrayList<>();
    for (Library l : LIBRARIES) {
      String version = properties.get(l.property());
      if (version == null) {
        missing.add(l.property());
        continue;
      }
      out.append("| ")
          .append(l.name())
          .append(" | ")
          .append(version)
          .append(" | ")
          .append(expected(version))
          .append(" | ")
          .append(l.modules())
          .append(" |\n");
    }
    assertThat(missing).as("version properties the parent POM no longer has").isEmpty();
    return out.toString();
  }

  // Semantic versioning's promise, stated per library: the tested minor and later ones of the same
  // major line. Older minors may work too, but nothing here tests them.
  static String expected(String version) {
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
    if (!m.lookingAt()) {
      return "the tested version";
    }
    return m.group(1) + "." + m.group(2) + " or later " + m.group(1) + ".x";
  }

  static Map<String, String> properties(String pom) {
    Matcher block = Pattern.compile("<properties>(.*?)</properties>", Pattern.DOTALL).matcher(pom);
    assertThat(block.find()).as("the parent POM has <properties>").isTrue();
    Map<String, String> properties = new LinkedHashMap<>();
    Matcher p = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>").matcher(block.group(1));
    while (p.find()) {
      properties.put(p.group(1), p.group(2).strip());
    }
    return properties;
  }
}
