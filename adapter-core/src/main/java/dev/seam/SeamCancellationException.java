package dev.seam;

import dev.seam.internal.CallText;
import dev.seam.internal.Durations;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The call's future was cancelled by its holder ({@code future.cancel(...)}). It is a {@link
 * CancellationException}, so {@code isCancelled()}, {@code join()} and {@code get()} behave as for
 * any cancelled future (on Java 17 they throw this exception itself; newer JDKs throw a {@code
 * CancellationException} naming the method, with this one as its cause); its message names the
 * seam, the call, how long it had queued and run, and what the cancel does to it (hooks,
 * interrupt). Its {@linkplain #getCause() cause}, when the seam captures call sites, carries the
 * stack of the code that submitted the call; its own stack is where {@code cancel} was called.
 *
 * @since 0.1
 */
public final class SeamCancellationException extends CancellationException {
  private static final long serialVersionUID = 1L;

  private final String seamName;
  private final String description;
  private final long queuedNanos;
  private final long ranNanos;
  private final boolean started;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param description what the call does, or null
   * @param queuedNanos how long the call waited before it started (or until the cancel)
   * @param ranNanos how long it had been running; zero if it never started
   * @param started whether a worker had started it
   * @param circumstances the seam's load and what the cancel does, appended to the message; or null
   */
  public SeamCancellationException(
      String seamName,
      String description,
      long queuedNanos,
      long ranNanos,
      boolean started,
      String circumstances) {
    super(message(seamName, description, queuedNanos, ranNanos, started, circumstances));
    this.seamName = seamName;
    this.description = description;
    this.queuedNanos = queuedNanos;
    this.ranNanos = ranNanos;
    this.started = started;
  }

  private static String message(
      String seamName,
      String description,
      long queuedNanos,
      long ranNanos,
      boolean started,
      String circumstances) {
    return "seam '"
        + seamName
        + "' "
        + CallText.call(description)
        + " cancelled by its caller after "
        + Durations.formatNanos(queuedNanos)
        + " queued, "
        + (started ? Durations.formatNanos(ranNanos) + " running" : "never started")
        + (circumstances == null ? "" : " (" + circumstances + ")");
  }

  /**
   * The name of the seam the call was on.
   *
   * @return the seam's name
   */
  public String seamName() {
    return seamName;
  }

  /**
   * What the call does, as given to {@link CallOptions#withDescription}.
   *
   * @return the description, or null
   */
  public String description() {
    return description;
  }

  /**
   * How long the call waited before it started, or until the cancel if it never started.
   *
   * @return the queue wait
   */
  public Duration queued() {
    return Duration.ofNanos(queuedNanos);
  }

  /**
   * How long the call had been running when it was cancelled.
   *
   * @return the run time; zero if it never started
   */
  public Duration ran() {
    return Duration.ofNanos(ranNanos);
  }

  /**
   * Whether a worker had started the call.
   *
   * @return true if it was running when cancelled
   */
  public boolean started() {
    return started;
  }
}
