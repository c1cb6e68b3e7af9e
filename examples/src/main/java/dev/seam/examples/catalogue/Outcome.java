package dev.seam.examples.catalogue;

import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Short words for why a seam call failed, for the demo's answers and its page. */
final class Outcome {
  private Outcome() {}

  /** The failure without the {@code CompletionException} layers that stages add. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** "timed out", "busy" (rejected), "closed", "cancelled" or the cause's message. */
  static String reason(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof SeamTimeoutException) {
      return "timed out";
    } else if (e instanceof SeamRejectedException) {
      return "busy";
    } else if (e instanceof SeamClosedException) {
      return "closed";
    } else if (e instanceof CancellationException) {
      return "cancelled";
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return String.valueOf(cause.getMessage());
  }

  /** The HTTP status a failed read answers with: 503 busy or closed, 504 timed out, else 500. */
  static int status(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof SeamRejectedException || e instanceof SeamClosedException) {
      return 503;
    }
    return e instanceof SeamTimeoutException ? 504 : 500;
  }
}
