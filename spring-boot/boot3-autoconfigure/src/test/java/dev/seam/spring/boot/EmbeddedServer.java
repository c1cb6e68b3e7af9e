package dev.seam.spring.boot;

/** The embedded server this module's web suite (the shared src/test-web) must run on. */
final class EmbeddedServer {
  /** How the class of Boot's web server for it begins. */
  static final String NAME = "Tomcat";

  private EmbeddedServer() {}
}
