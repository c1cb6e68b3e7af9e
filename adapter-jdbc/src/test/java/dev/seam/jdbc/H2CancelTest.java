package dev.seam.jdbc;

/** {@link CancelContract} on embedded H2. */
class H2CancelTest extends CancelContract {
  @Override
  Db db() {
    return new H2();
  }
}
