package dev.seam.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * A caller whose MDC holds four keys, as a web request's does (request id, user, tenant, trace).
 * Benchmarks that take this state run with it on every caller thread; the others run with an empty
 * MDC.
 */
@State(Scope.Thread)
public class Mdc4 {
  @Setup(Level.Trial)
  public void fill() {
    MDC.put("requestId", "7f3c2a9e-51d4-4b8e-9a0c-2e6f1d8b4c3a");
    MDC.put("user", "alice@example.com");
    MDC.put("tenant", "acme");
    MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @TearDown(Level.Trial)
  public void clear() {
    MDC.clear();
  }
}
