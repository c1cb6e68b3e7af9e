package dev.seam.jdbc.internal;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * What each lease needs from its {@code AsyncJdbc}: the data source and the abort bound.
 *
 * @param dataSource where connections come from
 * @param abortAfter how long a cancelled call may keep its connection
 */
record PoolContext(DataSource dataSource, Duration abortAfter) {}
