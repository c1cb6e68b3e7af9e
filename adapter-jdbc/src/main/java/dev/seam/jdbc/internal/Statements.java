package dev.seam.jdbc.internal;

import dev.seam.jdbc.RowMapper;
import dev.seam.jdbc.SqlStatementException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The blocking statement work behind both {@code AsyncJdbc} and {@code Transaction}: parameters are
 * always bound, never concatenated, and driver failures become {@link SqlStatementException}s
 * naming the SQL but not the values.
 */
final class Statements {
  private Statements() {}

  static <T> List<T> query(
      Connection c, String sql, RowMapper<T> mapper, Object[] params, int fetchSize)
      throws SQLException {
    check(sql, params);
    Objects.requireNonNull(mapper, "mapper");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(fetchSize);
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    } catch (SqlStatementException e) {
      throw e;
    } catch (SQLException e) {
      throw new SqlStatementException(sql, params.length, e);
    }
  }

  static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object[] params)
      throws SQLException {
    check(sql, params);
    Objects.requireNonNull(mapper, "mapper");
    T row;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setMaxRows(2); // enough to tell "one" from "more than one"
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        row = mapper.map(rs);
        if (rs.next()) {
          throw new IllegalStateException("queryOne returned more than one row: " + sql);
        }
      }
    } catch (SQLException e) {
      throw new SqlStatementException(sql, params.length, e);
    }
    return Optional.ofNullable(row);
  }

  static int update(Connection c, String sql, Object[] params) throws SQLException {
    check(sql, params);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new SqlStatementException(sql, params.length, e);
    }
  }

  static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(rows, "rows");
    int width = rows.isEmpty() ? 0 : rows.get(0).length;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(ps, Objects.requireNonNull(row, "a batch row is null"));
        ps.addBatch();
      }
      return ps.executeBatch();
    } catch (SQLException e) {
      throw new SqlStatementException(sql, width, e);
    }
  }

  static <K> List<K> insert(Connection c, String sql, RowMapper<K> keyMapper, Object[] params)
      throws SQLException {
    check(sql, params);
    Objects.requireNonNull(keyMapper, "keyMapper");
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(ps, params);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        List<K> out = new ArrayList<>();
        while (keys.next()) {
          out.add(keyMapper.map(keys));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new SqlStatementException(sql, params.length, e);
    }
  }

  /** Binds parameters in order; the driver reports a wrong count when it runs the statement. */
  static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  static void check(String sql, Object[] params) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(params, "params (pass no parameters, not a null array)");
  }
}
