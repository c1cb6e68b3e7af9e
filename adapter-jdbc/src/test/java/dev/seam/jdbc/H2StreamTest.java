package dev.seam.jdbc;

/** {@link StreamContract} on embedded H2. */
class H2StreamTest extends StreamContract {
  @Override
  Db db() {
    return new H2();
  }
}
