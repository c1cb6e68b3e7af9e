package dev.seam.internal;

import dev.seam.CallContext;

/**
 * Lets an adapter say what its call is doing (the JDBC adapter: which statement runs), so that a
 * deadline passing during it names it: {@code running statement "UPDATE ..." for 980 ms}, or, while
 * the call still waits for a connection, {@code no statement ran}. Kept with the call's resource
 * waits, which the adapters that use this make anyway, so a call that never says anything carries
 * nothing for it.
 *
 * <p>Called on the call's worker only. A {@link CallContext} that is not a seam's own call (a test
 * double) is ignored. Not API: exported to sibling modules only.
 */
public final class CallActivity {
  private CallActivity() {}

  /**
   * Notes a fact about the call, shown as it is ({@code "no statement ran"}).
   *
   * @param call the call
   * @param text the fact
   */
  public static void note(CallContext call, String text) {
    if (call instanceof CallTask<?> task) {
      task.waits().activity(ResourceWaits.NOTE, text, null);
    }
  }

  /**
   * The call began {@code what} ({@code "statement"}), named by {@code detail} (its SQL) if known.
   *
   * @param call the call
   * @param what what it began
   * @param detail its text (never parameter values), or null
   */
  public static void began(CallContext call, String what, String detail) {
    if (call instanceof CallTask<?> task) {
      task.waits().activity(ResourceWaits.RUNNING, what, detail);
    }
  }

  /**
   * The call finished {@code what}, named by {@code detail}.
   *
   * @param call the call
   * @param what what it finished
   * @param detail its text, or null
   */
  public static void ended(CallContext call, String what, String detail) {
    if (call instanceof CallTask<?> task) {
      task.waits().activity(ResourceWaits.DONE, what, detail);
    }
  }
}
