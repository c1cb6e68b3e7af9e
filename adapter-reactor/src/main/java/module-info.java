/**
 * Seam for Reactor: {@link dev.seam.reactor.SeamReactor} turns seam calls into {@code Mono}s and
 * row streams into {@code Flux}es, so that disposing a subscription reaches the resource, the
 * caller's context comes from the Reactor {@code Context}, and the seam's bounds replace {@code
 * Schedulers.boundedElastic()}.
 *
 * <p>Reactor is an optional dependency of this module: the application brings its own {@code
 * reactor-core}, and Micrometer's {@code context-propagation} for context carried from the Reactor
 * {@code Context}. {@link dev.seam.reactor.SeamServerSentEvents} serves a blocking producer as
 * Spring WebFlux's {@code ServerSentEvent}s; only it needs {@code spring-web}.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.seam.reactor {
  requires transitive dev.seam;
  // Reactor ships an automatic module; Mono and Flux are in this module's API, so its users must
  // read it: requires transitive is right even though the name is not final.
  requires static transitive reactor.core;
  requires static transitive org.reactivestreams;
  requires static context.propagation;
  // Spring's ServerSentEvent is in SeamServerSentEvents' API; only a WebFlux application uses it.
  requires static transitive spring.web;

  exports dev.seam.reactor;
}
