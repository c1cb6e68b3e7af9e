package dev.seam.benchmarks.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which embedded server a run uses, and small helpers the benchmarks share. */
final class Servers {
  private Servers() {}

  /**
   * Properties that put the application on {@code -Dserver=tomcat} or {@code jetty}: both are on
   * the class path, and which one Boot would pick then is up to its auto-configuration order, so
   * each turn leaves the other server's auto-configuration out.
   *
   * @param server tomcat or jetty
   * @param excluded further auto-configuration classes to leave out, by name
   * @param more further properties
   * @return the properties for {@code SpringApplicationBuilder.properties}
   */
  static String[] properties(String server, List<String> excluded, String... more) {
    List<String> props = new ArrayList<>(Arrays.asList(more));
    List<String> exclude = new ArrayList<>(excluded);
    props.add("server.port=0");
    props.add("server.address=127.0.0.1");
    switch (server.toLowerCase(Locale.ROOT)) {
      case "tomcat" ->
          exclude.add(
              "org.springframework.boot.jetty.autoconfigure.servlet"
                  + ".JettyServletWebServerAutoConfiguration");
      case "jetty" ->
          exclude.add(
              "org.springframework.boot.tomcat.autoconfigure.servlet"
                  + ".TomcatServletWebServerAutoConfiguration");
      default ->
          throw new IllegalArgumentException("-Dserver must be tomcat or jetty, not " + server);
    }
    if (!exclude.isEmpty()) {
      props.add("spring.autoconfigure.exclude=" + String.join(",", exclude));
    }
    return props.toArray(String[]::new);
  }

  /**
   * The p-th percentile (nearest rank) of sorted values.
   *
   * @param sorted ascending
   * @param p in (0, 100]
   * @return the value
   */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * The embedded server an application really runs on, by its class's simple name.
   *
   * @param context the running web application
   * @return for example {@code TomcatWebServer}
   * @throws ReflectiveOperationException if the context is not a web server context
   */
  static String running(Object context) throws ReflectiveOperationException {
    // WebServerApplicationContext moved package in Boot 4; its getWebServer() did not.
    Object server = context.getClass().getMethod("getWebServer").invoke(context);
    return server.getClass().getSimpleName();
  }
}
