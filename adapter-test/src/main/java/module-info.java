/**
 * Deterministic testing for code built on seams: {@link dev.seam.testing.ManualClock}, {@link
 * dev.seam.testing.ImmediateSeam}, {@link dev.seam.testing.RecordingSeam} and the {@link
 * dev.seam.testing.SeamLeakCheck} and {@link dev.seam.testing.JdbcLeakCheck} JUnit 5 extensions.
 */
module dev.seam.testing {
  requires transitive dev.seam;
  requires org.slf4j;
  requires static transitive org.junit.jupiter.api;
  requires static transitive java.sql;
  requires static com.zaxxer.hikari;

  exports dev.seam.testing;
}
