package dev.seam;

/**
 * A point-in-time snapshot of a seam. Counters are cumulative since the seam was built; gauges
 * ({@code running}, {@code queued}, {@code abandoned}) are read together under the seam's lock, so
 * they are consistent with each other.
 *
 * <p>Each call is counted once, as the outcome its caller saw. A call is counted before its future
 * completes, so stats read after {@code join()} include it. When the holder completes a future in
 * the instant between the seam deciding an outcome and completing it (a {@code cancel} racing the
 * call's return or its deadline), the count is corrected to {@code cancelled} by the thread that
 * lost that race, a moment after the holder's {@code cancel} returned.
 *
 * @param seamName the seam's name
 * @param maxConcurrency the limit on running calls
 * @param maxQueued the limit on waiting calls
 * @param running calls holding a permit, including abandoned ones that have not returned
 * @param queued calls waiting for a permit
 * @param abandoned calls whose future already completed (timeout, cancel, close) but whose worker
 *     has not returned yet: capacity the downstream is still holding
 * @param submitted calls submitted, including rejected ones
 * @param succeeded calls that returned a value
 * @param failed calls that threw
 * @param timedOut calls whose deadline passed (queued or running)
 * @param cancelled calls whose future was cancelled or completed by the caller, or that {@link
 *     Seam#close()} cut off
 * @param rejected calls refused because the seam was full or closed
 * @param ended long-lived calls ({@link CallOptions#withLongLived}, such as SSE streams) that ended
 *     by their deadline, a cancel (a client that left) or close: their normal end, counted in none
 *     of {@code timedOut}, {@code cancelled} or {@code failed}
 * @param queueWait time calls sat in the queue before a worker started them, for calls that
 *     started; zero for a call admitted with a free permit (a worker thread starting up is not
 *     queue wait)
 * @param runTime time from start until the worker returned, including abandoned calls
 * @param resourceWait time calls spent waiting for a resource inside their run time, such as a pool
 *     connection (see {@link CallContext#waitingFor}); one entry per wait
 * @since 0.1
 */
public record SeamStats(
    String seamName,
    int maxConcurrency,
    int maxQueued,
    int running,
    int queued,
    int abandoned,
    long submitted,
    long succeeded,
    long failed,
    long timedOut,
    long cancelled,
    long rejected,
    long ended,
    LatencySummary queueWait,
    LatencySummary runTime,
    LatencySummary resourceWait) {

  /**
   * A snapshot with no ended long-lived calls.
   *
   * @param seamName the seam's name
   * @param maxConcurrency the limit on running calls
   * @param maxQueued the limit on waiting calls
   * @param running calls holding a permit
   * @param queued calls waiting for a permit
   * @param abandoned abandoned calls still in their workers
   * @param submitted calls submitted
   * @param succeeded calls that returned a value
   * @param failed calls that threw
   * @param timedOut calls whose deadline passed
   * @param cancelled calls cancelled or cut off
   * @param rejected calls refused
   * @param queueWait time from submission to start
   * @param runTime time from start until the worker returned
   * @param resourceWait time spent waiting for resources inside calls
   */
  public SeamStats(
      String seamName,
      int maxConcurrency,
      int maxQueued,
      int running,
      int queued,
      int abandoned,
      long submitted,
      long succeeded,
      long failed,
      long timedOut,
      long cancelled,
      long rejected,
      LatencySummary queueWait,
      LatencySummary runTime,
      LatencySummary resourceWait) {
    this(
        seamName,
        maxConcurrency,
        maxQueued,
        running,
        queued,
        abandoned,
        submitted,
        succeeded,
        failed,
        timedOut,
        cancelled,
        rejected,
        0,
        queueWait,
        runTime,
        resourceWait);
  }

  /**
   * A snapshot without resource waits (seams that do not measure them).
   *
   * @param seamName the seam's name
   * @param maxConcurrency the limit on running calls
   * @param maxQueued the limit on waiting calls
   * @param running calls holding a permit
   * @param queued calls waiting for a permit
   * @param abandoned abandoned calls still in their workers
   * @param submitted calls submitted
   * @param succeeded calls that returned a value
   * @param failed calls that threw
   * @param timedOut calls whose deadline passed
   * @param cancelled calls cancelled or cut off
   * @param rejected calls refused
   * @param queueWait time from submission to start
   * @param runTime time from start until the worker returned
   */
  public SeamStats(
      String seamName,
      int maxConcurrency,
      int maxQueued,
      int running,
      int queued,
      int abandoned,
      long submitted,
      long succeeded,
      long failed,
      long timedOut,
      long cancelled,
      long rejected,
      LatencySummary queueWait,
      LatencySummary runTime) {
    this(
        seamName,
        maxConcurrency,
        maxQueued,
        running,
        queued,
        abandoned,
        submitted,
        succeeded,
        failed,
        timedOut,
        cancelled,
        rejected,
        0,
        queueWait,
        runTime,
        LatencySummary.EMPTY);
  }

  /**
   * Calls whose futures are not complete yet: queued ones plus running ones not abandoned.
   *
   * @return the number of calls a caller is still waiting for
   */
  public int inFlight() {
    return queued + running - abandoned;
  }

  /** Reads as a log line: counts, then each distribution in readable units. */
  @Override
  public String toString() {
    return seamName
        + ": "
        + running
        + "/"
        + maxConcurrency
        + " running, "
        + queued
        + "/"
        + maxQueued
        + " queued, "
        + abandoned
        + " abandoned; submitted "
        + submitted
        + ", succeeded "
        + succeeded
        + ", failed "
        + failed
        + ", timed out "
        + timedOut
        + ", cancelled "
        + cancelled
        + ", rejected "
        + rejected
        + (ended > 0 ? ", ended " + ended : "")
        + "; queue wait "
        + queueWait
        + "; run time "
        + runTime
        + (resourceWait.count() > 0 ? "; resource wait " + resourceWait : "");
  }
}
