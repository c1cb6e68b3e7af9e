package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.context.ApplicationContext;

/** Which embedded server a web test runs on, so that a suite meant for Jetty cannot run Tomcat. */
final class WebServers {
  private WebServers() {}

  /**
   * Checks that the application runs on the module's {@link EmbeddedServer}.
   *
   * @param context a web application's context
   */
  static void assertExpected(ApplicationContext context) throws ReflectiveOperationException {
    // WebServerApplicationContext moved package in Boot 4; its getWebServer() did not.
    Object server = context.getClass().getMethod("getWebServer").invoke(context);
    assertThat(server.getClass().getSimpleName())
        .as("the embedded server of this module's web suite")
        .startsWith(EmbeddedServer.NAME);
  }
}
