package dev.seam;

/**
 * A {@link ContextPropagator} threw while carrying a call's context: when it captured the context
 * on the submitting thread, or installed it on the thread that runs the call. The call did not run
 * (a failed install leaves the worker as it was: what the other propagators installed is restored
 * first). The propagator's exception is the {@linkplain #getCause() cause}; the message names the
 * propagator and the step. Only that call fails: the seam, its permits and its workers carry on.
 *
 * @since 0.1
 */
public final class SeamContextException extends SeamException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param propagator the propagator that threw, as its {@code toString()} names it
   * @param step what it was doing: {@code "capture"} or {@code "install"}
   * @param cause what it threw
   */
  public SeamContextException(String seamName, String propagator, String step, Throwable cause) {
    super(
        seamName,
        "seam '"
            + seamName
            + "': context propagator "
            + propagator
            + " threw in "
            + step
            + "; the call did not run: "
            + cause,
        cause);
  }
}
