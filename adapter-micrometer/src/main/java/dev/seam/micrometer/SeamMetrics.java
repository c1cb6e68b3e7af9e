package dev.seam.micrometer;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.SeamListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Publishes seams to a Micrometer {@link MeterRegistry}: gauges of running, queued and abandoned
 * calls, free permits and health; a counter of calls by outcome; timers of queue wait and run time;
 * and the seam's resource (pool connection) waits. Every meter is tagged {@code seam=<name>}.
 *
 * <h2>Wiring a seam: one line</h2>
 *
 * <pre>{@code
 * SeamMetrics metrics = SeamMetrics.of(registry);             // once per registry
 * Seam orders = metrics.instrument(Seam.builder("orders-db").maxConcurrency(10));
 * }</pre>
 *
 * {@link #instrument} adds this object's {@linkplain #listener() listener} to the builder (the
 * timers need it from the first call), builds the seam, and registers its gauges and counters. For
 * a builder you cannot hand over, do the two steps yourself, in this order:
 *
 * <pre>{@code
 * Seam orders = Seam.builder("orders-db").listener(metrics.listener()).build();
 * metrics.bind(orders);
 * }</pre>
 *
 * A seam bound without the listener still gets its gauges and counters; only the timers ({@code
 * seam.queue.wait}, {@code seam.run}, {@code seam.resource.wait}) stay empty.
 *
 * <h2>Meters</h2>
 *
 * <table>
 *   <caption>Meters per seam, each tagged {@code seam=<name>}</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code seam.calls.running}</td><td>gauge</td><td>calls holding a permit, abandoned
 *       ones included ({@link dev.seam.SeamStats#running()})</td></tr>
 *   <tr><td>{@code seam.calls.queued}</td><td>gauge</td><td>calls waiting for a permit</td></tr>
 *   <tr><td>{@code seam.calls.abandoned}</td><td>gauge</td><td>calls whose future completed
 *       while their worker is still in them: capacity the downstream holds</td></tr>
 *   <tr><td>{@code seam.capacity.free}</td><td>gauge</td><td>permits free: {@code
 *       maxConcurrency - running}</td></tr>
 *   <tr><td>{@code seam.health}</td><td>gauge, tag {@code
 *       status=healthy|degraded|saturated|closed}</td><td>1 for the seam's current {@link
 *       Seam#health()} status, 0 for the other three (a Prometheus "state set")</td></tr>
 *   <tr><td>{@code seam.calls}</td><td>function counter, tag {@code
 *       outcome=succeeded|failed|timed_out|cancelled|rejected|ended}</td><td>calls finished with that
 *       outcome</td></tr>
 *   <tr><td>{@code seam.queue.wait}</td><td>timer</td><td>submission to start, for each call that
 *       started</td></tr>
 *   <tr><td>{@code seam.run}</td><td>timer</td><td>start until the worker returned, for each call
 *       that started, abandoned ones when their worker returns</td></tr>
 *   <tr><td>{@code seam.resource.wait}</td><td>timer</td><td>time a call spent waiting for
 *       resources such as a pool connection ({@link dev.seam.CallContext#waitingFor}), part of
 *       {@code seam.run}, for each call that waited, recorded when its worker returns</td></tr>
 * </table>
 *
 * <p>Gauges and counters read {@link Seam#stats()} and {@link Seam#health()} when the registry
 * reads them, so they agree with what the seam reports: an outcome is counted before the call's
 * future completes, and a cancel that races a result is counted as {@code cancelled}. The two
 * timers are fed by the listener, which is told a moment <em>after</em> the future completes, so a
 * caller that has just joined a future may read a timer that does not include it yet. Timers
 * publish no histogram or percentiles by default; turn them on the Micrometer way, with a {@code
 * MeterFilter} on names starting with {@code seam.}.
 *
 * <p>Gauges hold their seam strongly, so a closed seam stays readable (its health reads {@code
 * closed}) until {@link #unbind} or until another seam of the same name is bound in its place. Seam
 * names must be unique among the open seams of one registry.
 *
 * <h2>Threads</h2>
 *
 * Thread-safe. The listener runs on the seam's threads (submitter, worker, timer, canceller),
 * records into two timers and never blocks or throws for its own reasons. Gauges and counters run
 * on the thread that reads the registry (a scrape or a publishing step); each takes a {@link
 * Seam#stats()} snapshot, which holds the seam's lock for a moment and never waits for calls.
 *
 * @since 0.1
 */
public final class SeamMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, SeamTimers> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, SeamMeters> bound = new ConcurrentHashMap<>();
  private final SeamListener listener = new TimingListener(this::timersFor);

  private SeamMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Metrics for seams, published to {@code registry}. Keep one per registry and use it for every
   * seam.
   *
   * @param registry where the meters go
   * @return a new, empty set of seam metrics
   * @throws NullPointerException if {@code registry} is null
   */
  public static SeamMetrics of(MeterRegistry registry) {
    return new SeamMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Adds {@link #listener()} to {@code builder}, builds the seam and {@linkplain #bind binds} it.
   *
   * @param builder a configured builder; this adds a listener to it, so do not build it again (a
   *     second seam from it would be timed twice)
   * @return the built seam, its meters registered
   * @throws NullPointerException if {@code builder} is null
   * @throws IllegalArgumentException if an open seam of the same name is already bound here (the
   *     new seam is closed again before this throws), or whatever {@link SeamBuilder#build()}
   *     throws for a bad option
   */
  public Seam instrument(SeamBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    Seam seam = builder.listener(listener).build();
    try {
      bind(seam);
    } catch (RuntimeException e) {
      seam.close();
      throw e;
    }
    return seam;
  }

  /**
   * The listener that feeds the {@code seam.queue.wait} and {@code seam.run} timers; register it
   * with {@link SeamBuilder#listener} and then {@link #bind} the seam. One listener serves every
   * seam: it tells them apart by {@link dev.seam.SeamEvent#seamName()}.
   *
   * @return the listener, the same object on every call
   */
  public SeamListener listener() {
    return listener;
  }

  /**
   * Registers {@code seam}'s gauges, counters and timers. Binding the same seam again does nothing;
   * binding a seam whose name belongs to a closed seam bound here replaces that seam's gauges and
   * counters (the counters start again from the new seam's zero, which Prometheus reads as a reset;
   * the timers go on).
   *
   * @param seam the seam; build it with {@link #listener()} for the timers to fill
   * @return this
   * @throws NullPointerException if {@code seam} is null
   * @throws IllegalArgumentException if a different, still open seam of the same name is bound
   */
  public SeamMetrics bind(Seam seam) {
    Objects.requireNonNull(seam, "seam");
    bound.compute(
        seam.name(),
        (name, old) -> {
          if (old != null) {
            if (old.seam() == seam) {
              return old;
            }
            if (!old.seam().isClosed()) {
              throw new IllegalArgumentException(
                  "seam '"
                      + name
                      + "' is already bound to this registry and still open: close it or"
                      + " unbind it first (seam names must be unique per registry)");
            }
            old.remove(registry);
          }
          return SeamMeters.register(registry, seam);
        });
    timersFor(seam.name());
    return this;
  }

  /**
   * Removes every meter of {@code seam} from the registry, timers included. Does nothing if {@code
   * seam} is not bound here (another seam of its name may be). Meant for a seam that is closed or
   * about to be: a seam still running with {@link #listener()} brings its two timers back on its
   * next call.
   *
   * @param seam a seam bound here
   * @return this
   * @throws NullPointerException if {@code seam} is null
   */
  public SeamMetrics unbind(Seam seam) {
    Objects.requireNonNull(seam, "seam");
    String name = seam.name();
    bound.computeIfPresent(
        name,
        (n, old) -> {
          if (old.seam() != seam) {
            return old;
          }
          old.remove(registry);
          SeamTimers t = timers.remove(n);
          if (t != null) {
            t.remove(registry);
          }
          return null;
        });
    return this;
  }

  private SeamTimers timersFor(String seamName) {
    SeamTimers t = timers.get(seamName);
    return t != null ? t : timers.computeIfAbsent(seamName, n -> new SeamTimers(registry, n));
  }

  /** Names the registry, for logs. */
  @Override
  public String toString() {
    return "SeamMetrics{registry="
        + registry.getClass().getSimpleName()
        + ", seams="
        + bound.keySet()
        + "}";
  }
}
