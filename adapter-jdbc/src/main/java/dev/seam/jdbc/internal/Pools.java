package dev.seam.jdbc.internal;

import java.sql.Connection;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * What Seam knows about connection pools: HikariCP when it is on the class path, nothing otherwise.
 * {@link HikariPools} is touched only after the class was found, so a missing HikariCP never fails
 * class loading here.
 */
public final class Pools {
  private static final boolean HIKARI = hikariPresent();

  private Pools() {}

  private static boolean hikariPresent() {
    try {
      Class.forName("com.zaxxer.hikari.HikariDataSource", false, Pools.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The pool's maximum size, if the data source is a pool whose size can be read.
   *
   * @param dataSource the data source
   * @return the size, or empty
   */
  public static OptionalInt maximumPoolSize(DataSource dataSource) {
    return HIKARI ? HikariPools.maximumPoolSize(dataSource) : OptionalInt.empty();
  }

  /**
   * The error for a data source whose size is unknown.
   *
   * @param dataSource the data source
   * @return an exception naming its class and the way out
   */
  public static IllegalArgumentException unknownSize(DataSource dataSource) {
    return new IllegalArgumentException(
        "cannot read the pool size of "
            + (dataSource == null ? "null" : dataSource.getClass().getName())
            + " (only HikariCP's HikariDataSource is known); build the seam with"
            + " Seam.builder(name).maxConcurrency(poolSize).interruptOnCancel(false)");
  }

  /**
   * Marks a borrowed connection so the pool closes it instead of reusing it, if the pool supports
   * that. The caller still closes the connection afterwards.
   *
   * @param dataSource where the connection came from
   * @param connection the borrowed connection, not yet closed
   * @return whether the pool took the eviction
   */
  static boolean evict(DataSource dataSource, Connection connection) {
    return HIKARI && HikariPools.evict(dataSource, connection);
  }
}
