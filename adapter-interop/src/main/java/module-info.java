/**
 * Seam interop: calls through Resilience4j Retry and CircuitBreaker that keep the seam's deadline,
 * cancellation and context, and Guava {@code ListenableFuture} in and out. Resilience4j and Guava
 * are optional: add the ones you use.
 */
// Resilience4j ships automatic modules; its types are in this module's API, so they must be
// readable by its users: requires transitive is right even though the names are not final.
@SuppressWarnings("requires-transitive-automatic")
module dev.seam.interop {
  requires transitive dev.seam;
  requires static transitive io.github.resilience4j.retry;
  requires static transitive io.github.resilience4j.circuitbreaker;
  requires static io.github.resilience4j.core;
  requires static transitive com.google.common;
  // Guava reads this one only statically; naming it puts it on javadoc's module path, which
  // otherwise warns about the annotation constants on Guava's classes.
  requires static com.google.j2objc.annotations;

  exports dev.seam.interop;
}
