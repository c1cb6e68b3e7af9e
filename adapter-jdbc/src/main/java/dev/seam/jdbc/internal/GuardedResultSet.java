package dev.seam.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The result set handed to user code. Everything goes straight to the driver's result set, on the
 * calling thread, except the routes that would lead around the call's guard: {@link
 * #getStatement()} returns the guarded statement that produced it (null for a metadata result set,
 * as JDBC allows for result sets not made by a statement), and a {@code getObject} that yields a
 * nested result set (a PostgreSQL refcursor) hands that out guarded too. Without this, {@code
 * rs.getStatement().getConnection()} reached the pool's raw connection, whose statements no cancel
 * ever reached. {@code unwrap} and {@code isWrapperFor} ask the driver's result set, as the
 * connection's do.
 *
 * <p>A plain delegating class, as the statements are, for the cost a proxy adds to every row.
 * Thread-safety: as the driver's result set.
 */
final class GuardedResultSet implements ResultSet {
  private final ResultSet resultSet;
  private final Statement statement;

  private GuardedResultSet(ResultSet resultSet, Statement statement) {
    this.resultSet = resultSet;
    this.statement = statement;
  }

  /**
   * Guards a driver's result set.
   *
   * @param resultSet the driver's result set, or null (returned as it is)
   * @param statement the guarded statement that produced it, or null for a metadata result set
   * @return the guarded result set, or null
   */
  static ResultSet wrap(ResultSet resultSet, Statement statement) {
    if (resultSet == null || resultSet instanceof GuardedResultSet) {
      return resultSet;
    }
    return new GuardedResultSet(resultSet, statement);
  }

  /** A value a driver returned as {@code Object}: a nested result set is guarded too. */
  private Object guard(Object value) {
    return value instanceof ResultSet nested ? wrap(nested, statement) : value;
  }

  /**
   * As {@link #guard(Object)}, for a typed {@code getObject}; a driver class asked for stays raw.
   */
  private <T> T guard(T value, Class<T> type) {
    if (value instanceof ResultSet nested) {
      ResultSet guarded = wrap(nested, statement);
      if (type.isInstance(guarded)) {
        return type.cast(guarded);
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return "SeamResultSet[" + resultSet + "]";
  }

  @Override
  public Statement getStatement() throws SQLException {
    return statement; // the guarded one, never the driver's
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return guard(resultSet.getObject(columnIndex));
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return guard(resultSet.getObject(columnLabel));
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    return guard(resultSet.getObject(columnIndex, map));
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return guard(resultSet.getObject(columnLabel, map));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    return guard(resultSet.getObject(columnIndex, type), type);
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return guard(resultSet.getObject(columnLabel, type), type);
  }

  @Override
  public void updateBytes(int columnIndex, byte[] bytes) throws SQLException {
    resultSet.updateBytes(columnIndex, bytes);
  }

  @Override
  public void updateBytes(String columnLabel, byte[] bytes) throws SQLException {
    resultSet.updateBytes(columnLabel, bytes);
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    return resultSet.getBoolean(columnLabel);
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    return resultSet.getBoolean(columnIndex);
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    return resultSet.getByte(columnLabel);
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    return resultSet.getByte(columnIndex);
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    return resultSet.getShort(columnLabel);
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    return resultSet.getShort(columnIndex);
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    return resultSet.getInt(columnIndex);
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    return resultSet.getInt(columnLabel);
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    return resultSet.getLong(columnLabel);
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    return resultSet.getLong(columnIndex);
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    return resultSet.getFloat(columnLabel);
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    return resultSet.getFloat(columnIndex);
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    return resultSet.getDouble(columnIndex);
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    return resultSet.getDouble(columnLabel);
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    return resultSet.getBytes(columnLabel);
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    return resultSet.getBytes(columnIndex);
  }

  @Override
  public boolean next() throws SQLException {
    return resultSet.next();
  }

  @Override
  public boolean last() throws SQLException {
    return resultSet.last();
  }

  @Override
  public boolean first() throws SQLException {
    return resultSet.first();
  }

  @Override
  public void close() throws SQLException {
    resultSet.close();
  }

  @Override
  public int getType() throws SQLException {
    return resultSet.getType();
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    return resultSet.getRef(columnIndex);
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    return resultSet.getRef(columnLabel);
  }

  @Override
  public boolean previous() throws SQLException {
    return resultSet.previous();
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    return resultSet.getArray(columnLabel);
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    return resultSet.getArray(columnIndex);
  }

  @Override
  public boolean absolute(int intValue) throws SQLException {
    return resultSet.absolute(intValue);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
    return resultSet.getTimestamp(columnIndex, calendar);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    return resultSet.getTimestamp(columnIndex);
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
    return resultSet.getTimestamp(columnLabel, calendar);
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    return resultSet.getTimestamp(columnLabel);
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    return resultSet.getString(columnLabel);
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    return resultSet.getString(columnIndex);
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    return resultSet.getBigDecimal(columnIndex);
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    return resultSet.getBigDecimal(columnLabel);
  }

  @Deprecated // as in the interface; still forwarded for legacy code
  @Override
  public BigDecimal getBigDecimal(int columnIndex, int intValue) throws SQLException {
    return resultSet.getBigDecimal(columnIndex, intValue);
  }

  @Deprecated // as in the interface; still forwarded for legacy code
  @Override
  public BigDecimal getBigDecimal(String columnLabel, int intValue) throws SQLException {
    return resultSet.getBigDecimal(columnLabel, intValue);
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    return resultSet.getTime(columnIndex);
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    return resultSet.getTime(columnLabel);
  }

  @Override
  public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
    return resultSet.getTime(columnLabel, calendar);
  }

  @Override
  public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
    return resultSet.getTime(columnIndex, calendar);
  }

  @Override
  public void updateTime(String columnLabel, Time time) throws SQLException {
    resultSet.updateTime(columnLabel, time);
  }

  @Override
  public void updateTime(int columnIndex, Time time) throws SQLException {
    resultSet.updateTime(columnIndex, time);
  }

  @Override
  public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
    return resultSet.getDate(columnIndex, calendar);
  }

  @Override
  public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
    return resultSet.getDate(columnLabel, calendar);
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    return resultSet.getDate(columnLabel);
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    return resultSet.getDate(columnIndex);
  }

  @Override
  public URL getURL(String columnLabel) throws SQLException {
    return resultSet.getURL(columnLabel);
  }

  @Override
  public URL getURL(int columnIndex) throws SQLException {
    return resultSet.getURL(columnIndex);
  }

  @Override
  public boolean relative(int intValue) throws SQLException {
    return resultSet.relative(intValue);
  }

  @Override
  public boolean isFirst() throws SQLException {
    return resultSet.isFirst();
  }

  @Override
  public boolean wasNull() throws SQLException {
    return resultSet.wasNull();
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    return resultSet.getAsciiStream(columnIndex);
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    return resultSet.getAsciiStream(columnLabel);
  }

  @Deprecated // as in the interface; still forwarded for legacy code
  @Override
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    return resultSet.getUnicodeStream(columnIndex);
  }

  @Deprecated // as in the interface; still forwarded for legacy code
  @Override
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    return resultSet.getUnicodeStream(columnLabel);
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    return resultSet.getBinaryStream(columnIndex);
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    return resultSet.getBinaryStream(columnLabel);
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return resultSet.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    resultSet.clearWarnings();
  }

  @Override
  public String getCursorName() throws SQLException {
    return resultSet.getCursorName();
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return resultSet.getMetaData();
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    return resultSet.findColumn(columnLabel);
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    return resultSet.getCharacterStream(columnLabel);
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    return resultSet.getCharacterStream(columnIndex);
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    return resultSet.isBeforeFirst();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    return resultSet.isAfterLast();
  }

  @Override
  public boolean isLast() throws SQLException {
    return resultSet.isLast();
  }

  @Override
  public void beforeFirst() throws SQLException {
    resultSet.beforeFirst();
  }

  @Override
  public void afterLast() throws SQLException {
    resultSet.afterLast();
  }

  @Override
  public int getRow() throws SQLException {
    return resultSet.getRow();
  }

  @Override
  public void setFetchDirection(int intValue) throws SQLException {
    resultSet.setFetchDirection(intValue);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return resultSet.getFetchDirection();
  }

  @Override
  public void setFetchSize(int intValue) throws SQLException {
    resultSet.setFetchSize(intValue);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return resultSet.getFetchSize();
  }

  @Override
  public int getConcurrency() throws SQLException {
    return resultSet.getConcurrency();
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    return resultSet.rowUpdated();
  }

  @Override
  public boolean rowInserted() throws SQLException {
    return resultSet.rowInserted();
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    return resultSet.rowDeleted();
  }

  @Override
  public void updateNull(int columnIndex) throws SQLException {
    resultSet.updateNull(columnIndex);
  }

  @Override
  public void updateNull(String columnLabel) throws SQLException {
    resultSet.updateNull(columnLabel);
  }

  @Override
  public void updateBoolean(String columnLabel, boolean booleanValue) throws SQLException {
    resultSet.updateBoolean(columnLabel, booleanValue);
  }

  @Override
  public void updateBoolean(int columnIndex, boolean booleanValue) throws SQLException {
    resultSet.updateBoolean(columnIndex, booleanValue);
  }

  @Override
  public void updateByte(int columnIndex, byte byteValue) throws SQLException {
    resultSet.updateByte(columnIndex, byteValue);
  }

  @Override
  public void updateByte(String columnLabel, byte byteValue) throws SQLException {
    resultSet.updateByte(columnLabel, byteValue);
  }

  @Override
  public void updateShort(int columnIndex, short shortValue) throws SQLException {
    resultSet.updateShort(columnIndex, shortValue);
  }

  @Override
  public void updateShort(String columnLabel, short shortValue) throws SQLException {
    resultSet.updateShort(columnLabel, shortValue);
  }

  @Override
  public void updateInt(String columnLabel, int intValue) throws SQLException {
    resultSet.updateInt(columnLabel, intValue);
  }

  @Override
  public void updateInt(int columnIndex, int intValue) throws SQLException {
    resultSet.updateInt(columnIndex, intValue);
  }

  @Override
  public void updateLong(String columnLabel, long longValue) throws SQLException {
    resultSet.updateLong(columnLabel, longValue);
  }

  @Override
  public void updateLong(int columnIndex, long longValue) throws SQLException {
    resultSet.updateLong(columnIndex, longValue);
  }

  @Override
  public void updateFloat(int columnIndex, float floatValue) throws SQLException {
    resultSet.updateFloat(columnIndex, floatValue);
  }

  @Override
  public void updateFloat(String columnLabel, float floatValue) throws SQLException {
    resultSet.updateFloat(columnLabel, floatValue);
  }

  @Override
  public void updateDouble(int columnIndex, double doubleValue) throws SQLException {
    resultSet.updateDouble(columnIndex, doubleValue);
  }

  @Override
  public void updateDouble(String columnLabel, double doubleValue) throws SQLException {
    resultSet.updateDouble(columnLabel, doubleValue);
  }

  @Override
  public void updateBigDecimal(int columnIndex, BigDecimal bigDecimal) throws SQLException {
    resultSet.updateBigDecimal(columnIndex, bigDecimal);
  }

  @Override
  public void updateBigDecimal(String columnLabel, BigDecimal bigDecimal) throws SQLException {
    resultSet.updateBigDecimal(columnLabel, bigDecimal);
  }

  @Override
  public void updateString(String columnLabel, String string) throws SQLException {
    resultSet.updateString(columnLabel, string);
  }

  @Override
  public void updateString(int columnIndex, String string) throws SQLException {
    resultSet.updateString(columnIndex, string);
  }

  @Override
  public void updateDate(String columnLabel, Date date) throws SQLException {
    resultSet.updateDate(columnLabel, date);
  }

  @Override
  public void updateDate(int columnIndex, Date date) throws SQLException {
    resultSet.updateDate(columnIndex, date);
  }

  @Override
  public void updateTimestamp(String columnLabel, Timestamp timestamp) throws SQLException {
    resultSet.updateTimestamp(columnLabel, timestamp);
  }

  @Override
  public void updateTimestamp(int columnIndex, Timestamp timestamp) throws SQLException {
    resultSet.updateTimestamp(columnIndex, timestamp);
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream inputStream, int intValue)
      throws SQLException {
    resultSet.updateAsciiStream(columnLabel, inputStream, intValue);
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateAsciiStream(columnIndex, inputStream, longValue);
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateAsciiStream(columnLabel, inputStream, longValue);
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream inputStream, int intValue)
      throws SQLException {
    resultSet.updateAsciiStream(columnIndex, inputStream, intValue);
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream inputStream) throws SQLException {
    resultSet.updateAsciiStream(columnLabel, inputStream);
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream inputStream) throws SQLException {
    resultSet.updateAsciiStream(columnIndex, inputStream);
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateBinaryStream(columnLabel, inputStream, longValue);
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream inputStream) throws SQLException {
    resultSet.updateBinaryStream(columnIndex, inputStream);
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream inputStream, int intValue)
      throws SQLException {
    resultSet.updateBinaryStream(columnIndex, inputStream, intValue);
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateBinaryStream(columnIndex, inputStream, longValue);
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream inputStream) throws SQLException {
    resultSet.updateBinaryStream(columnLabel, inputStream);
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream inputStream, int intValue)
      throws SQLException {
    resultSet.updateBinaryStream(columnLabel, inputStream, intValue);
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader reader, int intValue)
      throws SQLException {
    resultSet.updateCharacterStream(columnIndex, reader, intValue);
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader reader) throws SQLException {
    resultSet.updateCharacterStream(columnIndex, reader);
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader, int intValue)
      throws SQLException {
    resultSet.updateCharacterStream(columnLabel, reader, intValue);
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader, long longValue)
      throws SQLException {
    resultSet.updateCharacterStream(columnLabel, reader, longValue);
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader reader, long longValue)
      throws SQLException {
    resultSet.updateCharacterStream(columnIndex, reader, longValue);
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException {
    resultSet.updateCharacterStream(columnLabel, reader);
  }

  @Override
  public void updateObject(int columnIndex, Object object, SQLType sQLType) throws SQLException {
    resultSet.updateObject(columnIndex, object, sQLType);
  }

  @Override
  public void updateObject(int columnIndex, Object object, SQLType sQLType, int intValue)
      throws SQLException {
    resultSet.updateObject(columnIndex, object, sQLType, intValue);
  }

  @Override
  public void updateObject(String columnLabel, Object object, SQLType sQLType, int intValue)
      throws SQLException {
    resultSet.updateObject(columnLabel, object, sQLType, intValue);
  }

  @Override
  public void updateObject(String columnLabel, Object object, SQLType sQLType) throws SQLException {
    resultSet.updateObject(columnLabel, object, sQLType);
  }

  @Override
  public void updateObject(String columnLabel, Object object, int intValue) throws SQLException {
    resultSet.updateObject(columnLabel, object, intValue);
  }

  @Override
  public void updateObject(int columnIndex, Object object) throws SQLException {
    resultSet.updateObject(columnIndex, object);
  }

  @Override
  public void updateObject(int columnIndex, Object object, int intValue) throws SQLException {
    resultSet.updateObject(columnIndex, object, intValue);
  }

  @Override
  public void updateObject(String columnLabel, Object object) throws SQLException {
    resultSet.updateObject(columnLabel, object);
  }

  @Override
  public void insertRow() throws SQLException {
    resultSet.insertRow();
  }

  @Override
  public void updateRow() throws SQLException {
    resultSet.updateRow();
  }

  @Override
  public void deleteRow() throws SQLException {
    resultSet.deleteRow();
  }

  @Override
  public void refreshRow() throws SQLException {
    resultSet.refreshRow();
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    resultSet.cancelRowUpdates();
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    resultSet.moveToInsertRow();
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    resultSet.moveToCurrentRow();
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    return resultSet.getBlob(columnLabel);
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    return resultSet.getBlob(columnIndex);
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    return resultSet.getClob(columnIndex);
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    return resultSet.getClob(columnLabel);
  }

  @Override
  public void updateRef(int columnIndex, Ref ref) throws SQLException {
    resultSet.updateRef(columnIndex, ref);
  }

  @Override
  public void updateRef(String columnLabel, Ref ref) throws SQLException {
    resultSet.updateRef(columnLabel, ref);
  }

  @Override
  public void updateBlob(int columnIndex, Blob blob) throws SQLException {
    resultSet.updateBlob(columnIndex, blob);
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
    resultSet.updateBlob(columnLabel, inputStream);
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
    resultSet.updateBlob(columnIndex, inputStream);
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateBlob(columnIndex, inputStream, longValue);
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream, long longValue)
      throws SQLException {
    resultSet.updateBlob(columnLabel, inputStream, longValue);
  }

  @Override
  public void updateBlob(String columnLabel, Blob blob) throws SQLException {
    resultSet.updateBlob(columnLabel, blob);
  }

  @Override
  public void updateClob(int columnIndex, Clob clob) throws SQLException {
    resultSet.updateClob(columnIndex, clob);
  }

  @Override
  public void updateClob(String columnLabel, Reader reader, long longValue) throws SQLException {
    resultSet.updateClob(columnLabel, reader, longValue);
  }

  @Override
  public void updateClob(String columnLabel, Clob clob) throws SQLException {
    resultSet.updateClob(columnLabel, clob);
  }

  @Override
  public void updateClob(int columnIndex, Reader reader, long longValue) throws SQLException {
    resultSet.updateClob(columnIndex, reader, longValue);
  }

  @Override
  public void updateClob(String columnLabel, Reader reader) throws SQLException {
    resultSet.updateClob(columnLabel, reader);
  }

  @Override
  public void updateClob(int columnIndex, Reader reader) throws SQLException {
    resultSet.updateClob(columnIndex, reader);
  }

  @Override
  public void updateArray(int columnIndex, Array array) throws SQLException {
    resultSet.updateArray(columnIndex, array);
  }

  @Override
  public void updateArray(String columnLabel, Array array) throws SQLException {
    resultSet.updateArray(columnLabel, array);
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    return resultSet.getRowId(columnIndex);
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    return resultSet.getRowId(columnLabel);
  }

  @Override
  public void updateRowId(String columnLabel, RowId rowId) throws SQLException {
    resultSet.updateRowId(columnLabel, rowId);
  }

  @Override
  public void updateRowId(int columnIndex, RowId rowId) throws SQLException {
    resultSet.updateRowId(columnIndex, rowId);
  }

  @Override
  public int getHoldability() throws SQLException {
    return resultSet.getHoldability();
  }

  @Override
  public void updateNString(int columnIndex, String string) throws SQLException {
    resultSet.updateNString(columnIndex, string);
  }

  @Override
  public void updateNString(String columnLabel, String string) throws SQLException {
    resultSet.updateNString(columnLabel, string);
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader) throws SQLException {
    resultSet.updateNClob(columnIndex, reader);
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader) throws SQLException {
    resultSet.updateNClob(columnLabel, reader);
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader, long longValue) throws SQLException {
    resultSet.updateNClob(columnIndex, reader, longValue);
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader, long longValue) throws SQLException {
    resultSet.updateNClob(columnLabel, reader, longValue);
  }

  @Override
  public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
    resultSet.updateNClob(columnIndex, nClob);
  }

  @Override
  public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
    resultSet.updateNClob(columnLabel, nClob);
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    return resultSet.getNClob(columnIndex);
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    return resultSet.getNClob(columnLabel);
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    return resultSet.getSQLXML(columnLabel);
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    return resultSet.getSQLXML(columnIndex);
  }

  @Override
  public void updateSQLXML(String columnLabel, SQLXML sQLXML) throws SQLException {
    resultSet.updateSQLXML(columnLabel, sQLXML);
  }

  @Override
  public void updateSQLXML(int columnIndex, SQLXML sQLXML) throws SQLException {
    resultSet.updateSQLXML(columnIndex, sQLXML);
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    return resultSet.getNString(columnIndex);
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    return resultSet.getNString(columnLabel);
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    return resultSet.getNCharacterStream(columnIndex);
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    return resultSet.getNCharacterStream(columnLabel);
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader reader) throws SQLException {
    resultSet.updateNCharacterStream(columnIndex, reader);
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException {
    resultSet.updateNCharacterStream(columnLabel, reader);
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader reader, long longValue)
      throws SQLException {
    resultSet.updateNCharacterStream(columnLabel, reader, longValue);
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader reader, long longValue)
      throws SQLException {
    resultSet.updateNCharacterStream(columnIndex, reader, longValue);
  }

  @Override
  public boolean isClosed() throws SQLException {
    return resultSet.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return resultSet.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return resultSet.isWrapperFor(type);
  }
}
