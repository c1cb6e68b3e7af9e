package dev.seam.jdbc;

/** {@link ConnectionStateContract} on embedded H2. */
class H2ConnectionStateTest extends ConnectionStateContract {
  @Override
  Db db() {
    return new H2();
  }
}
