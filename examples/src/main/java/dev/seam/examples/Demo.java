package dev.seam.examples;

/** Placeholder replaced below. */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {}
}
