/**
 * Seam's Micrometer meters: one line wires a seam's gauges, outcome counters and timers into a
 * {@code MeterRegistry}; see {@link dev.seam.micrometer.SeamMetrics}. Micrometer is an optional
 * dependency of this module: the application brings its own {@code micrometer-core} and registry.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.seam.micrometer {
  requires transitive dev.seam;
  // Micrometer ships automatic modules; its MeterRegistry is in this module's API, so its users
  // must read it: requires transitive is right even though the name is not final.
  requires static transitive micrometer.core;

  exports dev.seam.micrometer;
}
