/**
 * Deterministic testing for code built on seams: {@link dev.seam.testing.ManualClock}, {@link
 * dev.seam.testing.ImmediateSeam}, {@link dev.seam.testing.RecordingSeam} and the {@link
 * dev.seam.testing.SeamLeakCheck} JUnit 5 extension.
 */
module dev.seam.testing {
  requires transitive dev.seam;
  requires org.slf4j;
  requires static transitive org.junit.jupiter.api;

  exports dev.seam.testing;
}
