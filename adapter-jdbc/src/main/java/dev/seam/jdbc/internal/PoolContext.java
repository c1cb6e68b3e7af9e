package dev.seam.jdbc.internal;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * What each lease needs from its {@code AsyncJdbc}: the data source, the abort bound and what the
 * calls learned of the driver.
 *
 * @param dataSource where connections come from
 * @param abortAfter how long a cancelled call may keep its connection
 * @param timeoutScope whether the driver keeps the query timeout per statement, once known
 */
record PoolContext(DataSource dataSource, Duration abortAfter, QueryTimeouts.Scope timeoutScope) {}
