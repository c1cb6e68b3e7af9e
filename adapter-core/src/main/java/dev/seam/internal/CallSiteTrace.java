package dev.seam.internal;

/**
 * The code that submitted a call, as the cause of an exception thrown somewhere else (a caller's
 * {@code cancel}), so its trace shows both where the cancel came from and which request path made
 * the call.
 */
final class CallSiteTrace extends Throwable {
  private static final long serialVersionUID = 1L;

  CallSiteTrace(String seamName, StackTraceElement[] frames) {
    super("the call was submitted to seam '" + seamName + "' here", null, false, true);
    setStackTrace(frames);
  }
}
