package dev.seam.jdbc;

/** {@link CommitContract} on embedded H2. */
class H2CommitTest extends CommitContract {
  @Override
  Db db() {
    return new H2();
  }
}
