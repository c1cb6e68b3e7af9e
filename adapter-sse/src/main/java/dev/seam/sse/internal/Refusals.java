package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseRefusal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers "full, come back later" the way the endpoint is configured: a short 200 stream with a
 * jittered {@code retry:} hint, or a 503 with {@code Retry-After}.
 *
 * <p>Called only while nothing was committed and no writer can start on the transport, so the
 * calling thread is the response's only writer. The answer is a few dozen bytes into a fresh socket
 * buffer, so writing it on the caller's thread does not block it.
 */
final class Refusals {
  private final SseRefusal policy;
  private final long baseMillis;

  Refusals(SseRefusal policy, Duration base) {
    this.policy = policy;
    this.baseMillis = Math.max(1, base.toMillis());
  }

  void refuse(Transport transport, String reason) {
    if (policy == SseRefusal.STATUS_503) {
      transport.reject(503, Math.max(1, baseMillis / 1_000), reason);
      return;
    }
    transport.answer(WireFormat.encode(SseEvent.comment(reason).retry(retryHint())));
  }

  /** The base plus up to half of it again, so refused clients do not all return at once. */
  Duration retryHint() {
    return Duration.ofMillis(baseMillis + ThreadLocalRandom.current().nextLong(baseMillis / 2 + 1));
  }
}
