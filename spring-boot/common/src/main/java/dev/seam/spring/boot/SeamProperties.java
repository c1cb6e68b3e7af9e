package dev.seam.spring.boot;

import dev.seam.ThreadMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code seam.*} properties: one {@link Lane} per {@code seam.lanes.<name>}, each becoming a
 * {@link dev.seam.Seam} bean named {@code <name>}, and the switches of the JDBC part.
 *
 * <pre>
 * seam.lanes.orders.max-concurrency=10
 * seam.lanes.orders.timeout=2s
 * seam.lanes.dataSource.max-queued=50   # the lane of the DataSource bean "dataSource"
 * </pre>
 *
 * <p>A lane whose name is that of a {@code DataSource} bean configures that data source's lane
 * instead of adding one. An unset option keeps the {@link dev.seam.SeamBuilder} default (stated on
 * each getter), except that a data source's lane takes its concurrency from the pool. Bad values
 * fail start-up with a message that names the property and the value. Mutable, as Spring binds it;
 * read once at start-up.
 *
 * @since 0.1
 */
@ConfigurationProperties("seam")
public class SeamProperties {
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final Jdbc jdbc = new Jdbc();

  /**
   * The lanes, by name.
   *
   * @return the live map, in the order the properties name them
   */
  public Map<String, Lane> getLanes() {
    return lanes;
  }

  /**
   * The JDBC part: an {@code AsyncJdbc} per {@code DataSource} bean.
   *
   * @return the JDBC settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** The options of one lane; null means the builder's default. */
  public static class Lane {
    /** At most this many calls run at once. Default 10; for a data source, the pool's size. */
    private Integer maxConcurrency;

    /** At most this many calls wait for a permit; more are rejected. Default 100. */
    private Integer maxQueued;

    /** The default deadline of each call, counted from submission. Default 30s. */
    private Duration timeout;

    /**
     * Whether a cancelled call's worker is interrupted after its cancel hooks ran. Default true;
     * false for a data source (JDBC cancels with Statement.cancel()).
     */
    private Boolean interruptOnCancel;

    /** Which threads run calls: platform, or virtual (Java 21 or later). Default platform. */
    private ThreadMode threads;

    /** How long closing the lane waits for calls in flight before cancelling them. Default 5s. */
    private Duration shutdownGrace;

    /** Whether each call records its submitting call site for its failures. Default true. */
    private Boolean captureCallSite;

    private final Warnings warnings = new Warnings();

    public Integer getMaxConcurrency() {
      return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
    }

    public Integer getMaxQueued() {
      return maxQueued;
    }

    public void setMaxQueued(Integer maxQueued) {
      this.maxQueued = maxQueued;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Boolean getInterruptOnCancel() {
      return interruptOnCancel;
    }

    public void setInterruptOnCancel(Boolean interruptOnCancel) {
      this.interruptOnCancel = interruptOnCancel;
    }

    public ThreadMode getThreads() {
      return threads;
    }

    public void setThreads(ThreadMode threads) {
      this.threads = threads;
    }

    public Duration getShutdownGrace() {
      return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
    }

    public Boolean getCaptureCallSite() {
      return captureCallSite;
    }

    public void setCaptureCallSite(Boolean captureCallSite) {
      this.captureCallSite = captureCallSite;
    }

    /**
     * The thresholds of the lane's SLF4J warnings.
     *
     * @return the warnings settings
     */
    public Warnings getWarnings() {
      return warnings;
    }
  }

  /** When a lane logs a warning; zero turns a warning off. */
  public static class Warnings {
    /** A call that waited in the queue longer than this is logged. Default 100ms. */
    private Duration queueLag;

    /** A call still running this long after submission is logged with its stack. Default 5s. */
    private Duration slowCall;

    /** A call still in its worker this long after its future completed is logged. Default 10s. */
    private Duration abandonedCall;

    public Duration getQueueLag() {
      return queueLag;
    }

    public void setQueueLag(Duration queueLag) {
      this.queueLag = queueLag;
    }

    public Duration getSlowCall() {
      return slowCall;
    }

    public void setSlowCall(Duration slowCall) {
      this.slowCall = slowCall;
    }

    public Duration getAbandonedCall() {
      return abandonedCall;
    }

    public void setAbandonedCall(Duration abandonedCall) {
      this.abandonedCall = abandonedCall;
    }
  }

  /** The JDBC part. */
  public static class Jdbc {
    /** Whether each DataSource bean gets a lane and an AsyncJdbc. Default true. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
