package dev.seam;

/**
 * Which threads run a seam's calls. Either way the seam bounds how many run at once.
 *
 * @since 0.1
 */
public enum ThreadMode {
  /** Platform threads named {@code seam-<name>-<n>}, started on demand and retired when idle. */
  PLATFORM,
  /**
   * One virtual thread per running call, named {@code seam-<name>-<n>}. Needs Java 21 or later at
   * run time; {@link SeamBuilder#build()} fails with {@link UnsupportedOperationException} naming
   * the running Java version otherwise.
   */
  VIRTUAL
}
