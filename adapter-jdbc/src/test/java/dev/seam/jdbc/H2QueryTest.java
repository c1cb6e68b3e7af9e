package dev.seam.jdbc;

/** {@link QueryContract} on embedded H2. */
class H2QueryTest extends QueryContract {
  @Override
  Db db() {
    return new H2();
  }
}
