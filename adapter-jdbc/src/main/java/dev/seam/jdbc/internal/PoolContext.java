package dev.seam.jdbc.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * What each lease needs from its {@code AsyncJdbc}: the data source, the abort bound and the
 * executor {@code Connection.abort} runs on.
 *
 * @param dataSource where connections come from
 * @param abortAfter how long a cancelled call may keep its connection
 * @param abortExecutor runs {@code Connection.abort} work; starts a short-lived thread per task
 */
record PoolContext(DataSource dataSource, Duration abortAfter, Executor abortExecutor) {}
