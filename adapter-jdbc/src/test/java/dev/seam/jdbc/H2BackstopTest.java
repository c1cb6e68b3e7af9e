package dev.seam.jdbc;

/** {@link BackstopContract} on embedded H2. */
class H2BackstopTest extends BackstopContract {
  @Override
  Db db() {
    return new H2();
  }
}
