package dev.seam.sse.internal;

import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.sse.SseStatusException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a producer's outcome means for its stream: a clean end, a status, or an error event. */
final class Outcomes {
  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

  private Outcomes() {}

  static void producerDone(Connection c, Throwable t) {
    if (t == null) {
      c.end(null);
      return;
    }
    if (t instanceof CancellationException || !c.buffer().isWritable()) {
      return; // the stream ended (or began its shutdown) first and cancelled the producer
    }
    Throwable cause = unwrap(t);
    SseConfig config = c.streamsConfig();
    if (cause instanceof SseStatusException s) {
      if (c.rejectIfUnstarted(s.status(), 0, s.body())) {
        return;
      }
    } else if (cause instanceof SeamRejectedException || cause instanceof SeamClosedException) {
      if (c.refuseIfUnstarted(Refusals.UNAVAILABLE, cause.toString())) {
        return;
      }
      c.end(config.farewell());
      return;
    } else if (cause instanceof SeamTimeoutException) {
      // The stream's maximum duration: end cleanly and let the client reconnect with its id.
      if (!c.rejectIfUnstarted(504, 0, "no event before the stream timeout")) {
        c.end(null);
      }
      return;
    } else if (c.rejectIfUnstarted(500, 0, "stream failed")) {
      LOG.warn("SSE producer for {} failed before its first event", c.request(), cause);
      return;
    }
    LOG.warn("SSE producer for {} failed; sending the error event", c.request(), cause);
    c.end(c.withFailureMarker(config.errorEvent().apply(cause)));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof SeamCallException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
