package dev.seam.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The statement handed to user code: every {@code execute*} goes through the call's {@link Lease},
 * which refuses it once the call is cancelled and knows which statements are inside the driver.
 *
 * <p>Why: drivers drop a {@code Statement.cancel()} that arrives while nothing executes (pgjdbc and
 * H2 both return at once when the statement is idle), so a cancel landing between {@code
 * prepareStatement} and {@code execute} was lost, and the query then ran until its query timeout.
 * Everything but {@code execute*}, {@code getConnection} and the result sets goes straight to the
 * driver's statement, on the calling thread; {@code getConnection} returns the tracking connection
 * and every result set is a {@link GuardedResultSet} leading back to this statement, so code that
 * reaches the connection through a statement or a result set stays tracked. {@code unwrap} and
 * {@code isWrapperFor} ask the driver's statement.
 *
 * <p>A plain delegating class rather than a {@code java.lang.reflect.Proxy}, for the allocation a
 * proxy costs per statement and per method call. Thread-safety: as the driver's statement; {@link
 * #executing} is guarded by the lease.
 */
class GuardedStatement implements Statement {
  private final Statement statement;
  private final Connection connection;
  final Lease lease; // read by the execute* methods of the subclasses

  /**
   * The SQL it was prepared from; null for a plain statement, whose SQL comes with each execute.
   */
  final String sql;

  /** How many threads are inside one of its {@code execute*} methods. Guarded by the lease. */
  int executing;

  /**
   * Set once user code closed it through this guard: the lease's cancel reads this instead of
   * asking the driver, since MySQL Connector/J's {@code isClosed()} waits for the connection's
   * lock, which a running statement holds, and the cancel would wait behind the very query it must
   * stop.
   */
  volatile boolean closed;

  /**
   * Wraps a driver's statement; the connection tracks it next.
   *
   * @param statement the driver's statement
   * @param connection the tracking connection that created it
   * @param lease the call's lease
   */
  GuardedStatement(Statement statement, Connection connection, Lease lease) {
    this(statement, connection, lease, null);
  }

  /**
   * Wraps a driver's statement prepared from {@code sql}, which names it when a deadline passes
   * while it runs.
   */
  GuardedStatement(Statement statement, Connection connection, Lease lease, String sql) {
    this.statement = statement;
    this.connection = connection;
    this.lease = lease;
    this.sql = sql;
  }

  /** The driver's statement, for the lease's cancel and query timeout. */
  final Statement driverStatement() {
    return statement;
  }

  @Override
  public String toString() {
    return "SeamStatement[" + statement + "]";
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return GuardedResultSet.wrap(statement.executeQuery(sql), this);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeUpdate(sql);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public void close() throws SQLException {
    statement.close();
    closed = true;
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return statement.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    statement.setMaxFieldSize(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return statement.getMaxRows();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    statement.setMaxRows(max);
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    statement.setEscapeProcessing(enable);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return statement.getQueryTimeout();
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    statement.setQueryTimeout(seconds);
    lease.queryTimeoutSet(seconds); // on H2 a session setting: put back on the connection's return
  }

  @Override
  public void cancel() throws SQLException {
    statement.cancel();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return statement.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    statement.clearWarnings();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    statement.setCursorName(name);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.execute(sql);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return GuardedResultSet.wrap(statement.getResultSet(), this);
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return statement.getUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return statement.getMoreResults();
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    statement.setFetchDirection(direction);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return statement.getFetchDirection();
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    statement.setFetchSize(rows);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return statement.getFetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return statement.getResultSetConcurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return statement.getResultSetType();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    statement.addBatch(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    statement.clearBatch();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    lease.beforeExecute(this);
    try {
      return statement.executeBatch();
    } finally {
      lease.afterExecute(this);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection; // the tracking one, never the borrowed connection itself
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return statement.getMoreResults(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return GuardedResultSet.wrap(statement.getGeneratedKeys(), this);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeUpdate(sql, autoGeneratedKeys);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeUpdate(sql, columnIndexes);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeUpdate(sql, columnNames);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.execute(sql, autoGeneratedKeys);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.execute(sql, columnIndexes);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.execute(sql, columnNames);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return statement.getResultSetHoldability();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return statement.isClosed();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    statement.setPoolable(poolable);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return statement.isPoolable();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    statement.closeOnCompletion();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return statement.isCloseOnCompletion();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return statement.getLargeUpdateCount();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    statement.setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return statement.getLargeMaxRows();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    lease.beforeExecute(this);
    try {
      return statement.executeLargeBatch();
    } finally {
      lease.afterExecute(this);
    }
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeLargeUpdate(sql);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeLargeUpdate(sql, autoGeneratedKeys);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeLargeUpdate(sql, columnIndexes);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    lease.beforeExecute(this, sql);
    try {
      return statement.executeLargeUpdate(sql, columnNames);
    } finally {
      lease.afterExecute(this, sql);
    }
  }

  @Override
  public String enquoteLiteral(String val) throws SQLException {
    return statement.enquoteLiteral(val);
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    return statement.enquoteIdentifier(identifier, alwaysQuote);
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    return statement.isSimpleIdentifier(identifier);
  }

  @Override
  public String enquoteNCharLiteral(String val) throws SQLException {
    return statement.enquoteNCharLiteral(val);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return statement.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return statement.isWrapperFor(iface);
  }
}
