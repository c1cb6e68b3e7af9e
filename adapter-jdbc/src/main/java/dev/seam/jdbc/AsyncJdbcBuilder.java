package dev.seam.jdbc;

import dev.seam.Seam;
import dev.seam.jdbc.internal.AsyncJdbcImpl;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Configures an {@link AsyncJdbc}. Every option has a default, stated on its setter. Not
 * thread-safe; the instance it builds is.
 *
 * @since 0.1
 */
public final class AsyncJdbcBuilder {
  private final DataSource dataSource;
  private final Seam seam;
  private int fetchSize = 100;
  private Duration abortAfter = Duration.ofSeconds(5);

  AsyncJdbcBuilder(DataSource dataSource, Seam seam) {
    this.dataSource = dataSource;
    this.seam = seam;
  }

  /**
   * The fetch size given to query and stream statements, so the driver holds about this many rows
   * at a time. Default 100.
   *
   * @param rows at least 1
   * @return this builder
   */
  public AsyncJdbcBuilder fetchSize(int rows) {
    this.fetchSize = rows;
    return this;
  }

  /**
   * How long after a cancel the worker may keep the connection before it is {@linkplain
   * java.sql.Connection#abort aborted}: the bound for a statement that does not answer its cancel.
   * Default 5 seconds.
   *
   * @param bound positive
   * @return this builder
   */
  public AsyncJdbcBuilder abortAfter(Duration bound) {
    this.abortAfter = Objects.requireNonNull(bound, "abortAfter");
    return this;
  }

  /**
   * Checks the options and builds the instance. Warns (SLF4J, WARN) when the seam allows more
   * concurrent calls than a HikariCP pool has connections.
   *
   * @return the instance
   * @throws NullPointerException if the data source or seam is null
   * @throws IllegalArgumentException naming a bad option and its value
   */
  public AsyncJdbc build() {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(seam, "seam");
    if (fetchSize < 1) {
      throw new IllegalArgumentException("fetchSize < 1: " + fetchSize);
    }
    if (abortAfter.isNegative() || abortAfter.isZero()) {
      throw new IllegalArgumentException("abortAfter <= 0: " + abortAfter);
    }
    return AsyncJdbcImpl.create(dataSource, seam, fetchSize, abortAfter);
  }
}
