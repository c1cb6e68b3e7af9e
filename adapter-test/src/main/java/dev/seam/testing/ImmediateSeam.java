package dev.seam.testing;

import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.ThreadMode;
import dev.seam.internal.SeamConfig;
import dev.seam.internal.SeamImpl;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A seam that runs each call on the thread that submits it, so the returned future is already
 * complete when {@code call} returns. It keeps the seam contracts that make sense on one thread:
 * context is installed and restored, failures are wrapped and keep their cause and call site, bad
 * arguments fail the future, {@code close()} refuses later calls. Cancel hooks run on the thread
 * that cancels. It starts no thread at all.
 *
 * <p>Use it with a Mockito mock of a sync boundary for deterministic tests of async code. Its
 * deadlines use a {@link ManualClock} (its own unless one is given), so they never fire unless the
 * test advances that clock.
 *
 * @since 0.1
 */
public final class ImmediateSeam {
  private ImmediateSeam() {}

  /**
   * An immediate seam with a 30 second timeout on a fresh manual clock, carrying the MDC.
   *
   * @param name the seam's name
   * @return the seam
   */
  public static Seam create(String name) {
    return builder(name).build();
  }

  /**
   * Starts configuring an immediate seam.
   *
   * @param name the seam's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Configures an immediate seam. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private SeamClock clock;
    private Duration timeout = Duration.ofSeconds(30);
    private List<ContextPropagator<?>> propagators = List.of(Propagators.mdc());

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The clock for deadlines. Default: a new {@link ManualClock}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(SeamClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The default timeout. Default 30 seconds.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The context to carry. Default: the MDC.
     *
     * @param propagators the propagators
     * @return this builder
     */
    public Builder propagate(ContextPropagator<?>... propagators) {
      this.propagators = List.copyOf(Arrays.asList(propagators));
      return this;
    }

    /**
     * Builds the seam.
     *
     * @return the seam
     * @throws IllegalArgumentException if the name is empty or the timeout not positive
     */
    public Seam build() {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is empty: '" + name + "'");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + timeout);
      }
      return SeamImpl.start(
          new SeamConfig(
              name,
              Integer.MAX_VALUE,
              0,
              timeout,
              false,
              propagators,
              true,
              Duration.ZERO,
              Duration.ZERO,
              Duration.ZERO,
              clock != null ? clock : new ManualClock(),
              ThreadMode.PLATFORM,
              null,
              Runnable::run,
              Runnable::run));
    }
  }
}
