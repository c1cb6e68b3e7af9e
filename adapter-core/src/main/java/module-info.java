/**
 * Seam core: bounded lanes for blocking work, with deadlines that count queue wait, cancellation
 * that reaches the resource, and context carried from caller to worker and back.
 *
 * <p>{@code dev.seam.internal} is exported only to the sibling modules that use it (the test kit,
 * JDBC, SSE and the Spring Boot auto-configurations); it is not API.
 */
@SuppressWarnings("module") // qualified exports name sibling modules that are not compiled here
module dev.seam {
  requires org.slf4j;
  requires static io.opentelemetry.context;
  requires static context.propagation;
  requires static ch.qos.logback.classic;

  exports dev.seam;
  exports dev.seam.internal to
      dev.seam.testing,
      dev.seam.jdbc,
      dev.seam.sse,
      dev.seam.spring.boot3,
      dev.seam.spring.boot4;
}
