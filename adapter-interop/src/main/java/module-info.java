/**
 * Seam interop: calls through Resilience4j Retry and CircuitBreaker that keep the seam's deadline,
 * cancellation and context, and Guava {@code ListenableFuture} in and out. Resilience4j and Guava
 * are optional: add the ones you use.
 */
// Resilience4j's and Guava's types are in this module's API, but they are required statically and
// not transitively: a user of one pulls none of the other, and a transitive static requirement
// would make every modular user of seam-interop need both to compile. Whoever passes a Retry or a
// ListenableFuture reads its module already.
module dev.seam.interop {
  requires transitive dev.seam;
  requires static io.github.resilience4j.retry;
  requires static io.github.resilience4j.circuitbreaker;
  requires static io.github.resilience4j.core;
  requires static com.google.common;
  // Guava reads this one only statically; naming it puts it on javadoc's module path, which
  // otherwise warns about the annotation constants on Guava's classes.
  requires static com.google.j2objc.annotations;

  exports dev.seam.interop;
}
