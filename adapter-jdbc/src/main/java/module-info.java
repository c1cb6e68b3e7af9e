/**
 * Seam JDBC: {@link dev.seam.jdbc.AsyncJdbc} runs JDBC work over any {@code DataSource} on a seam,
 * with deadlines pushed into {@code setQueryTimeout} and cancellation that reaches the database.
 *
 * <p>HikariCP is optional: when present, pools are sized and connections in doubt are evicted
 * through it.
 */
module dev.seam.jdbc {
  requires transitive dev.seam;
  requires transitive java.sql;
  requires org.slf4j;
  requires static com.zaxxer.hikari;

  exports dev.seam.jdbc;
}
