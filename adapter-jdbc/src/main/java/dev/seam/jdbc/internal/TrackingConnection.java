package dev.seam.jdbc.internal;

import dev.seam.CallContext;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection handed to user code: every statement it creates is tracked by the call's {@link
 * Lease} (so cancellation reaches it), gets the deadline as its query timeout, and is handed out as
 * a {@link GuardedStatement} (so a cancel before {@code execute} is not lost). {@code close()} does
 * nothing, since the adapter returns the connection; {@code abort} is refused; the setters of
 * auto-commit, read-only, isolation, catalog, schema, holdability and network timeout save the
 * original value first, which the lease puts back before the connection goes back to the pool (J7);
 * any other use after the callback returned fails, so a stored reference cannot touch a connection
 * that now serves another call. {@code unwrap} and {@code isWrapperFor} ask the borrowed connection
 * (a pool's connection unwraps to the driver's).
 *
 * <p>A plain delegating class rather than a {@code java.lang.reflect.Proxy}: one is made per call,
 * and a proxy cost an allocation-heavy {@code newProxyInstance} plus boxed arguments on every
 * method. Thread-safety: as the borrowed connection's, apart from {@link #expire()}, which any
 * thread may call; the worker normally makes every call.
 */
final class TrackingConnection implements Connection {
  private final Lease lease;
  private final Connection connection;
  private volatile boolean expired;

  TrackingConnection(Lease lease) {
    this.lease = lease;
    this.connection = lease.connection();
  }

  /** Makes every later use fail; called before the connection goes back to the pool. */
  void expire() {
    expired = true;
  }

  /** The borrowed connection, or a failure naming the method once the callback returned. */
  private Connection live(String method) throws SQLException {
    if (expired) {
      throw new SQLException(
          "connection from seam '"
              + lease.call().seamName()
              + "' used after its callback returned: "
              + method,
          "08003");
    }
    return connection;
  }

  /** As {@link #live}, for the two methods that may throw only {@link SQLClientInfoException}. */
  private Connection clientInfoLive() throws SQLClientInfoException {
    try {
      return live("setClientInfo");
    } catch (SQLClientInfoException e) {
      throw e;
    } catch (SQLException e) {
      throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
    }
  }

  @Override
  public String toString() {
    return "SeamConnection[" + lease.call().seamName() + ", " + connection + "]";
  }

  @Override
  public Statement createStatement() throws SQLException {
    return lease.track(
        new GuardedStatement(live("createStatement").createStatement(), this, lease));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement").prepareStatement(sql), this, lease, sql));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return lease.track(
        new GuardedCallableStatement(live("prepareCall").prepareCall(sql), this, lease, sql));
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return live("nativeSQL").nativeSQL(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    Connection c = live("setAutoCommit");
    lease.state().saveAutoCommit(c);
    if (autoCommit && !c.getAutoCommit()) {
      lease.beginCommit("setAutoCommit(true)"); // commits the open transaction
    }
    c.setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return live("getAutoCommit").getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    Connection c = live("commit");
    lease.beginCommit("commit()");
    c.commit();
  }

  @Override
  public void rollback() throws SQLException {
    Connection c = live("rollback");
    // Not cut in half by a cancel (the hook waits): the caller is told the call failed, and the
    // database must have undone the work by then, not be half-way.
    try (CallContext.Region r = lease.call().uncancellable()) {
      c.rollback();
    }
  }

  /**
   * Does not close the borrowed connection (the adapter returns it when the callback is done), but
   * rolls back a transaction left open: what a driver does then is its own choice (some commit),
   * and a connection closed without a commit must not commit anything.
   */
  @Override
  public void close() throws SQLException {
    if (!expired && !connection.isClosed() && !connection.getAutoCommit()) {
      rollback();
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return expired || connection.isClosed();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new GuardedMetaData(live("getMetaData").getMetaData(), this);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    Connection c = live("setReadOnly");
    lease.state().saveReadOnly(c);
    c.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return live("isReadOnly").isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    Connection c = live("setCatalog");
    lease.state().saveCatalog(c);
    c.setCatalog(catalog);
  }

  @Override
  public String getCatalog() throws SQLException {
    return live("getCatalog").getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    Connection c = live("setTransactionIsolation");
    lease.state().saveIsolation(c, level);
    c.setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return live("getTransactionIsolation").getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return live("getWarnings").getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    live("clearWarnings").clearWarnings();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return lease.track(
        new GuardedStatement(
            live("createStatement").createStatement(resultSetType, resultSetConcurrency),
            this,
            lease));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement").prepareStatement(sql, resultSetType, resultSetConcurrency),
            this,
            lease,
            sql));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return lease.track(
        new GuardedCallableStatement(
            live("prepareCall").prepareCall(sql, resultSetType, resultSetConcurrency),
            this,
            lease,
            sql));
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return live("getTypeMap").getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    live("setTypeMap").setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    Connection c = live("setHoldability");
    lease.state().saveHoldability(c);
    c.setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return live("getHoldability").getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return live("setSavepoint").setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return live("setSavepoint").setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    live("rollback").rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    live("releaseSavepoint").releaseSavepoint(savepoint);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return lease.track(
        new GuardedStatement(
            live("createStatement")
                .createStatement(resultSetType, resultSetConcurrency, resultSetHoldability),
            this,
            lease));
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement")
                .prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
            this,
            lease,
            sql));
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return lease.track(
        new GuardedCallableStatement(
            live("prepareCall")
                .prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
            this,
            lease,
            sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement").prepareStatement(sql, autoGeneratedKeys), this, lease, sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement").prepareStatement(sql, columnIndexes), this, lease, sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return lease.track(
        new GuardedPreparedStatement(
            live("prepareStatement").prepareStatement(sql, columnNames), this, lease, sql));
  }

  @Override
  public Clob createClob() throws SQLException {
    return live("createClob").createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return live("createBlob").createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return live("createNClob").createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return live("createSQLXML").createSQLXML();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return live("isValid").isValid(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    clientInfoLive().setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfoLive().setClientInfo(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return live("getClientInfo").getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return live("getClientInfo").getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return live("createArrayOf").createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return live("createStruct").createStruct(typeName, attributes);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    Connection c = live("setSchema");
    lease.state().saveSchema(c);
    c.setSchema(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    return live("getSchema").getSchema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    live("abort");
    throw new SQLException("abort the call (cancel its future), not its connection", "0A000");
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    Connection c = live("setNetworkTimeout");
    lease.state().saveNetworkTimeout(c);
    c.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return live("getNetworkTimeout").getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    live("beginRequest").beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    live("endRequest").endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return live("setShardingKeyIfValid")
        .setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return live("setShardingKeyIfValid").setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    live("setShardingKey").setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    live("setShardingKey").setShardingKey(shardingKey);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return live("unwrap").unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return live("isWrapperFor").isWrapperFor(iface);
  }
}
