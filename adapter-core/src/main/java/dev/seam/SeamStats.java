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
 * @param queueWait time from submission to start, for calls that started
 * @param runTime time from start until the worker returned, including abandoned calls
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
    LatencySummary queueWait,
    LatencySummary runTime) {

  /**
   * Calls whose futures are not complete yet: queued ones plus running ones not abandoned.
   *
   * @return the number of calls a caller is still waiting for
   */
  public int inFlight() {
    return queued + running - abandoned;
  }
}
