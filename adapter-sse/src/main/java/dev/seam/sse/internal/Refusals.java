package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseRefusal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "full, come back later" the way the endpoint is configured: a short 200 stream with a
 * jittered {@code retry:} hint, or a 503 with {@code Retry-After}.
 *
 * <p>What goes on the wire is one of a few fixed, generic reasons ({@link #BUSY}, {@link
 * #SHUTTING_DOWN}, {@link #UNAVAILABLE}, {@link #INTERRUPTED}) and a reference; the detail (seam
 * names, counts, keys, the log's error) goes to the server log under the same reference, on the
 * logger {@code dev.seam.sse.refused}. Any client may read the wire; only operators read the log.
 *
 * <p>Called only while nothing was committed and no writer can start on the transport, so the
 * calling thread is the response's only writer. The answer is a few dozen bytes into a fresh socket
 * buffer, so writing it on the caller's thread does not block it.
 */
final class Refusals {
  private static final Logger LOG = LoggerFactory.getLogger("dev.seam.sse.refused");

  /** Every slot the stream could have is taken: open streams, per-key streams, seam workers. */
  static final String BUSY = "server busy";

  /** The endpoint is closing. */
  static final String SHUTTING_DOWN = "server shutting down";

  /** What the stream needs (its seam, its event log) cannot serve it now. */
  static final String UNAVAILABLE = "service unavailable";

  /** The stream ended before it started (its client gone, its buffer full). */
  static final String INTERRUPTED = "stream interrupted";

  private final SseRefusal policy;
  private final long baseMillis;

  Refusals(SseRefusal policy, Duration base) {
    this.policy = policy;
    this.baseMillis = Math.max(1, base.toMillis());
  }

  /**
   * Refuses the request.
   *
   * @param transport the response, not committed
   * @param request the request, for the log line
   * @param wire one of the generic reasons
   * @param detail what the server log says about it
   */
  void refuse(Transport transport, RequestSnapshot request, String wire, String detail) {
    String reason = logged(request, wire, detail);
    if (policy == SseRefusal.STATUS_503) {
      transport.reject(503, Math.max(1, baseMillis / 1_000), reason);
      return;
    }
    transport.answer(WireFormat.encode(SseEvent.comment(reason).retry(retryHint())));
  }

  /**
   * Logs the detail under a fresh reference.
   *
   * @return what the wire may carry: the generic reason and the reference
   */
  static String logged(RequestSnapshot request, String wire, String detail) {
    String ref =
        Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32 | 1L << 32).substring(1);
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "SSE {} from {}: {} (ref {}): {}",
          request.pathAndQuery(),
          request.client(),
          wire,
          ref,
          detail);
    }
    return wire + " (ref " + ref + ")";
  }

  /** The base plus up to half of it again, so refused clients do not all return at once. */
  Duration retryHint() {
    return Duration.ofMillis(baseMillis + ThreadLocalRandom.current().nextLong(baseMillis / 2 + 1));
  }
}
