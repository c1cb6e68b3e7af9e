package dev.seam.jdbc;

/** {@link QueryTimeoutContract} on embedded H2, whose query timeout is a session setting. */
class H2QueryTimeoutTest extends QueryTimeoutContract {
  @Override
  Db db() {
    return new H2();
  }

  @Override
  boolean timeoutIsASessionSetting() {
    return true;
  }
}
