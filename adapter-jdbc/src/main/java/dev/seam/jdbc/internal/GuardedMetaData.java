package dev.seam.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * The database metadata handed to user code: {@link #getConnection()} returns the tracking
 * connection (the driver's returned the pool's raw connection, whose statements no cancel reached),
 * and every result set it returns is guarded, so its {@code getStatement()} cannot lead to the raw
 * connection either. Everything else goes straight to the driver's metadata, on the calling thread;
 * {@code unwrap} and {@code isWrapperFor} ask the driver's.
 *
 * <p>Thread-safety: as the driver's metadata.
 */
final class GuardedMetaData implements DatabaseMetaData {
  private final DatabaseMetaData metaData;
  private final Connection connection;

  GuardedMetaData(DatabaseMetaData metaData, Connection connection) {
    this.metaData = metaData;
    this.connection = connection;
  }

  private static ResultSet wrap(ResultSet resultSet) {
    return GuardedResultSet.wrap(resultSet, null);
  }

  @Override
  public String toString() {
    return "SeamMetaData[" + metaData + "]";
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection; // the tracking one, never the borrowed connection itself
  }

  @Override
  public ResultSet getAttributes(String string, String string2, String string3, String string4)
      throws SQLException {
    return wrap(metaData.getAttributes(string, string2, string3, string4));
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return metaData.isReadOnly();
  }

  @Override
  public String getURL() throws SQLException {
    return metaData.getURL();
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
    return metaData.supportsStoredFunctionsUsingCallSyntax();
  }

  @Override
  public boolean allProceduresAreCallable() throws SQLException {
    return metaData.allProceduresAreCallable();
  }

  @Override
  public boolean allTablesAreSelectable() throws SQLException {
    return metaData.allTablesAreSelectable();
  }

  @Override
  public String getUserName() throws SQLException {
    return metaData.getUserName();
  }

  @Override
  public boolean nullsAreSortedHigh() throws SQLException {
    return metaData.nullsAreSortedHigh();
  }

  @Override
  public boolean nullsAreSortedLow() throws SQLException {
    return metaData.nullsAreSortedLow();
  }

  @Override
  public boolean nullsAreSortedAtStart() throws SQLException {
    return metaData.nullsAreSortedAtStart();
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws SQLException {
    return metaData.nullsAreSortedAtEnd();
  }

  @Override
  public String getDatabaseProductName() throws SQLException {
    return metaData.getDatabaseProductName();
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    return metaData.getDatabaseProductVersion();
  }

  @Override
  public String getDriverName() throws SQLException {
    return metaData.getDriverName();
  }

  @Override
  public String getDriverVersion() throws SQLException {
    return metaData.getDriverVersion();
  }

  @Override
  public int getDriverMajorVersion() {
    return metaData.getDriverMajorVersion();
  }

  @Override
  public int getDriverMinorVersion() {
    return metaData.getDriverMinorVersion();
  }

  @Override
  public boolean usesLocalFiles() throws SQLException {
    return metaData.usesLocalFiles();
  }

  @Override
  public boolean usesLocalFilePerTable() throws SQLException {
    return metaData.usesLocalFilePerTable();
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws SQLException {
    return metaData.supportsMixedCaseIdentifiers();
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws SQLException {
    return metaData.storesUpperCaseIdentifiers();
  }

  @Override
  public boolean storesLowerCaseIdentifiers() throws SQLException {
    return metaData.storesLowerCaseIdentifiers();
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws SQLException {
    return metaData.storesMixedCaseIdentifiers();
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
    return metaData.supportsMixedCaseQuotedIdentifiers();
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
    return metaData.storesUpperCaseQuotedIdentifiers();
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
    return metaData.storesLowerCaseQuotedIdentifiers();
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
    return metaData.storesMixedCaseQuotedIdentifiers();
  }

  @Override
  public String getIdentifierQuoteString() throws SQLException {
    return metaData.getIdentifierQuoteString();
  }

  @Override
  public String getSQLKeywords() throws SQLException {
    return metaData.getSQLKeywords();
  }

  @Override
  public String getNumericFunctions() throws SQLException {
    return metaData.getNumericFunctions();
  }

  @Override
  public String getStringFunctions() throws SQLException {
    return metaData.getStringFunctions();
  }

  @Override
  public String getSystemFunctions() throws SQLException {
    return metaData.getSystemFunctions();
  }

  @Override
  public String getTimeDateFunctions() throws SQLException {
    return metaData.getTimeDateFunctions();
  }

  @Override
  public String getSearchStringEscape() throws SQLException {
    return metaData.getSearchStringEscape();
  }

  @Override
  public String getExtraNameCharacters() throws SQLException {
    return metaData.getExtraNameCharacters();
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws SQLException {
    return metaData.supportsAlterTableWithAddColumn();
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws SQLException {
    return metaData.supportsAlterTableWithDropColumn();
  }

  @Override
  public boolean supportsColumnAliasing() throws SQLException {
    return metaData.supportsColumnAliasing();
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws SQLException {
    return metaData.nullPlusNonNullIsNull();
  }

  @Override
  public boolean supportsConvert(int intValue, int intValue2) throws SQLException {
    return metaData.supportsConvert(intValue, intValue2);
  }

  @Override
  public boolean supportsConvert() throws SQLException {
    return metaData.supportsConvert();
  }

  @Override
  public boolean supportsTableCorrelationNames() throws SQLException {
    return metaData.supportsTableCorrelationNames();
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws SQLException {
    return metaData.supportsDifferentTableCorrelationNames();
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws SQLException {
    return metaData.supportsExpressionsInOrderBy();
  }

  @Override
  public boolean supportsOrderByUnrelated() throws SQLException {
    return metaData.supportsOrderByUnrelated();
  }

  @Override
  public boolean supportsGroupBy() throws SQLException {
    return metaData.supportsGroupBy();
  }

  @Override
  public boolean supportsGroupByUnrelated() throws SQLException {
    return metaData.supportsGroupByUnrelated();
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws SQLException {
    return metaData.supportsGroupByBeyondSelect();
  }

  @Override
  public boolean supportsLikeEscapeClause() throws SQLException {
    return metaData.supportsLikeEscapeClause();
  }

  @Override
  public boolean supportsMultipleResultSets() throws SQLException {
    return metaData.supportsMultipleResultSets();
  }

  @Override
  public boolean supportsMultipleTransactions() throws SQLException {
    return metaData.supportsMultipleTransactions();
  }

  @Override
  public boolean supportsNonNullableColumns() throws SQLException {
    return metaData.supportsNonNullableColumns();
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws SQLException {
    return metaData.supportsMinimumSQLGrammar();
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws SQLException {
    return metaData.supportsCoreSQLGrammar();
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws SQLException {
    return metaData.supportsExtendedSQLGrammar();
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws SQLException {
    return metaData.supportsANSI92EntryLevelSQL();
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws SQLException {
    return metaData.supportsANSI92IntermediateSQL();
  }

  @Override
  public boolean supportsANSI92FullSQL() throws SQLException {
    return metaData.supportsANSI92FullSQL();
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws SQLException {
    return metaData.supportsIntegrityEnhancementFacility();
  }

  @Override
  public boolean supportsOuterJoins() throws SQLException {
    return metaData.supportsOuterJoins();
  }

  @Override
  public boolean supportsFullOuterJoins() throws SQLException {
    return metaData.supportsFullOuterJoins();
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws SQLException {
    return metaData.supportsLimitedOuterJoins();
  }

  @Override
  public String getSchemaTerm() throws SQLException {
    return metaData.getSchemaTerm();
  }

  @Override
  public String getProcedureTerm() throws SQLException {
    return metaData.getProcedureTerm();
  }

  @Override
  public String getCatalogTerm() throws SQLException {
    return metaData.getCatalogTerm();
  }

  @Override
  public boolean isCatalogAtStart() throws SQLException {
    return metaData.isCatalogAtStart();
  }

  @Override
  public String getCatalogSeparator() throws SQLException {
    return metaData.getCatalogSeparator();
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws SQLException {
    return metaData.supportsSchemasInDataManipulation();
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws SQLException {
    return metaData.supportsSchemasInProcedureCalls();
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws SQLException {
    return metaData.supportsSchemasInTableDefinitions();
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws SQLException {
    return metaData.supportsSchemasInIndexDefinitions();
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
    return metaData.supportsSchemasInPrivilegeDefinitions();
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws SQLException {
    return metaData.supportsCatalogsInDataManipulation();
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws SQLException {
    return metaData.supportsCatalogsInProcedureCalls();
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws SQLException {
    return metaData.supportsCatalogsInTableDefinitions();
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
    return metaData.supportsCatalogsInIndexDefinitions();
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
    return metaData.supportsCatalogsInPrivilegeDefinitions();
  }

  @Override
  public boolean supportsPositionedDelete() throws SQLException {
    return metaData.supportsPositionedDelete();
  }

  @Override
  public boolean supportsPositionedUpdate() throws SQLException {
    return metaData.supportsPositionedUpdate();
  }

  @Override
  public boolean supportsSelectForUpdate() throws SQLException {
    return metaData.supportsSelectForUpdate();
  }

  @Override
  public boolean supportsStoredProcedures() throws SQLException {
    return metaData.supportsStoredProcedures();
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws SQLException {
    return metaData.supportsSubqueriesInComparisons();
  }

  @Override
  public boolean supportsSubqueriesInExists() throws SQLException {
    return metaData.supportsSubqueriesInExists();
  }

  @Override
  public boolean supportsSubqueriesInIns() throws SQLException {
    return metaData.supportsSubqueriesInIns();
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws SQLException {
    return metaData.supportsSubqueriesInQuantifieds();
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws SQLException {
    return metaData.supportsCorrelatedSubqueries();
  }

  @Override
  public boolean supportsUnion() throws SQLException {
    return metaData.supportsUnion();
  }

  @Override
  public boolean supportsUnionAll() throws SQLException {
    return metaData.supportsUnionAll();
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
    return metaData.supportsOpenCursorsAcrossCommit();
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
    return metaData.supportsOpenCursorsAcrossRollback();
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
    return metaData.supportsOpenStatementsAcrossCommit();
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
    return metaData.supportsOpenStatementsAcrossRollback();
  }

  @Override
  public int getMaxBinaryLiteralLength() throws SQLException {
    return metaData.getMaxBinaryLiteralLength();
  }

  @Override
  public int getMaxCharLiteralLength() throws SQLException {
    return metaData.getMaxCharLiteralLength();
  }

  @Override
  public int getMaxColumnNameLength() throws SQLException {
    return metaData.getMaxColumnNameLength();
  }

  @Override
  public int getMaxColumnsInGroupBy() throws SQLException {
    return metaData.getMaxColumnsInGroupBy();
  }

  @Override
  public int getMaxColumnsInIndex() throws SQLException {
    return metaData.getMaxColumnsInIndex();
  }

  @Override
  public int getMaxColumnsInOrderBy() throws SQLException {
    return metaData.getMaxColumnsInOrderBy();
  }

  @Override
  public int getMaxColumnsInSelect() throws SQLException {
    return metaData.getMaxColumnsInSelect();
  }

  @Override
  public int getMaxColumnsInTable() throws SQLException {
    return metaData.getMaxColumnsInTable();
  }

  @Override
  public int getMaxConnections() throws SQLException {
    return metaData.getMaxConnections();
  }

  @Override
  public int getMaxCursorNameLength() throws SQLException {
    return metaData.getMaxCursorNameLength();
  }

  @Override
  public int getMaxIndexLength() throws SQLException {
    return metaData.getMaxIndexLength();
  }

  @Override
  public int getMaxSchemaNameLength() throws SQLException {
    return metaData.getMaxSchemaNameLength();
  }

  @Override
  public int getMaxProcedureNameLength() throws SQLException {
    return metaData.getMaxProcedureNameLength();
  }

  @Override
  public int getMaxCatalogNameLength() throws SQLException {
    return metaData.getMaxCatalogNameLength();
  }

  @Override
  public int getMaxRowSize() throws SQLException {
    return metaData.getMaxRowSize();
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
    return metaData.doesMaxRowSizeIncludeBlobs();
  }

  @Override
  public int getMaxStatementLength() throws SQLException {
    return metaData.getMaxStatementLength();
  }

  @Override
  public int getMaxStatements() throws SQLException {
    return metaData.getMaxStatements();
  }

  @Override
  public int getMaxTableNameLength() throws SQLException {
    return metaData.getMaxTableNameLength();
  }

  @Override
  public int getMaxTablesInSelect() throws SQLException {
    return metaData.getMaxTablesInSelect();
  }

  @Override
  public int getMaxUserNameLength() throws SQLException {
    return metaData.getMaxUserNameLength();
  }

  @Override
  public int getDefaultTransactionIsolation() throws SQLException {
    return metaData.getDefaultTransactionIsolation();
  }

  @Override
  public boolean supportsTransactions() throws SQLException {
    return metaData.supportsTransactions();
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int intValue) throws SQLException {
    return metaData.supportsTransactionIsolationLevel(intValue);
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
    return metaData.supportsDataDefinitionAndDataManipulationTransactions();
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
    return metaData.supportsDataManipulationTransactionsOnly();
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
    return metaData.dataDefinitionCausesTransactionCommit();
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
    return metaData.dataDefinitionIgnoredInTransactions();
  }

  @Override
  public ResultSet getProcedures(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getProcedures(string, string2, string3));
  }

  @Override
  public ResultSet getProcedureColumns(
      String string, String string2, String string3, String string4) throws SQLException {
    return wrap(metaData.getProcedureColumns(string, string2, string3, string4));
  }

  @Override
  public ResultSet getTables(String string, String string2, String string3, String[] strings)
      throws SQLException {
    return wrap(metaData.getTables(string, string2, string3, strings));
  }

  @Override
  public ResultSet getSchemas(String string, String string2) throws SQLException {
    return wrap(metaData.getSchemas(string, string2));
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return wrap(metaData.getSchemas());
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return wrap(metaData.getCatalogs());
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    return wrap(metaData.getTableTypes());
  }

  @Override
  public ResultSet getColumns(String string, String string2, String string3, String string4)
      throws SQLException {
    return wrap(metaData.getColumns(string, string2, string3, string4));
  }

  @Override
  public ResultSet getColumnPrivileges(
      String string, String string2, String string3, String string4) throws SQLException {
    return wrap(metaData.getColumnPrivileges(string, string2, string3, string4));
  }

  @Override
  public ResultSet getTablePrivileges(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getTablePrivileges(string, string2, string3));
  }

  @Override
  public ResultSet getBestRowIdentifier(
      String string, String string2, String string3, int intValue, boolean booleanValue)
      throws SQLException {
    return wrap(metaData.getBestRowIdentifier(string, string2, string3, intValue, booleanValue));
  }

  @Override
  public ResultSet getVersionColumns(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getVersionColumns(string, string2, string3));
  }

  @Override
  public ResultSet getPrimaryKeys(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getPrimaryKeys(string, string2, string3));
  }

  @Override
  public ResultSet getImportedKeys(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getImportedKeys(string, string2, string3));
  }

  @Override
  public ResultSet getExportedKeys(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getExportedKeys(string, string2, string3));
  }

  @Override
  public ResultSet getCrossReference(
      String string, String string2, String string3, String string4, String string5, String string6)
      throws SQLException {
    return wrap(metaData.getCrossReference(string, string2, string3, string4, string5, string6));
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    return wrap(metaData.getTypeInfo());
  }

  @Override
  public ResultSet getIndexInfo(
      String string, String string2, String string3, boolean booleanValue, boolean booleanValue2)
      throws SQLException {
    return wrap(metaData.getIndexInfo(string, string2, string3, booleanValue, booleanValue2));
  }

  @Override
  public boolean supportsResultSetType(int intValue) throws SQLException {
    return metaData.supportsResultSetType(intValue);
  }

  @Override
  public boolean supportsResultSetConcurrency(int intValue, int intValue2) throws SQLException {
    return metaData.supportsResultSetConcurrency(intValue, intValue2);
  }

  @Override
  public boolean ownUpdatesAreVisible(int intValue) throws SQLException {
    return metaData.ownUpdatesAreVisible(intValue);
  }

  @Override
  public boolean ownDeletesAreVisible(int intValue) throws SQLException {
    return metaData.ownDeletesAreVisible(intValue);
  }

  @Override
  public boolean ownInsertsAreVisible(int intValue) throws SQLException {
    return metaData.ownInsertsAreVisible(intValue);
  }

  @Override
  public boolean othersUpdatesAreVisible(int intValue) throws SQLException {
    return metaData.othersUpdatesAreVisible(intValue);
  }

  @Override
  public boolean othersDeletesAreVisible(int intValue) throws SQLException {
    return metaData.othersDeletesAreVisible(intValue);
  }

  @Override
  public boolean othersInsertsAreVisible(int intValue) throws SQLException {
    return metaData.othersInsertsAreVisible(intValue);
  }

  @Override
  public boolean updatesAreDetected(int intValue) throws SQLException {
    return metaData.updatesAreDetected(intValue);
  }

  @Override
  public boolean deletesAreDetected(int intValue) throws SQLException {
    return metaData.deletesAreDetected(intValue);
  }

  @Override
  public boolean insertsAreDetected(int intValue) throws SQLException {
    return metaData.insertsAreDetected(intValue);
  }

  @Override
  public boolean supportsBatchUpdates() throws SQLException {
    return metaData.supportsBatchUpdates();
  }

  @Override
  public ResultSet getUDTs(String string, String string2, String string3, int[] ints)
      throws SQLException {
    return wrap(metaData.getUDTs(string, string2, string3, ints));
  }

  @Override
  public boolean supportsSavepoints() throws SQLException {
    return metaData.supportsSavepoints();
  }

  @Override
  public boolean supportsNamedParameters() throws SQLException {
    return metaData.supportsNamedParameters();
  }

  @Override
  public boolean supportsMultipleOpenResults() throws SQLException {
    return metaData.supportsMultipleOpenResults();
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws SQLException {
    return metaData.supportsGetGeneratedKeys();
  }

  @Override
  public ResultSet getSuperTypes(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getSuperTypes(string, string2, string3));
  }

  @Override
  public ResultSet getSuperTables(String string, String string2, String string3)
      throws SQLException {
    return wrap(metaData.getSuperTables(string, string2, string3));
  }

  @Override
  public boolean supportsResultSetHoldability(int intValue) throws SQLException {
    return metaData.supportsResultSetHoldability(intValue);
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return metaData.getResultSetHoldability();
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    return metaData.getDatabaseMajorVersion();
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    return metaData.getDatabaseMinorVersion();
  }

  @Override
  public int getJDBCMajorVersion() throws SQLException {
    return metaData.getJDBCMajorVersion();
  }

  @Override
  public int getJDBCMinorVersion() throws SQLException {
    return metaData.getJDBCMinorVersion();
  }

  @Override
  public int getSQLStateType() throws SQLException {
    return metaData.getSQLStateType();
  }

  @Override
  public boolean locatorsUpdateCopy() throws SQLException {
    return metaData.locatorsUpdateCopy();
  }

  @Override
  public boolean supportsStatementPooling() throws SQLException {
    return metaData.supportsStatementPooling();
  }

  @Override
  public RowIdLifetime getRowIdLifetime() throws SQLException {
    return metaData.getRowIdLifetime();
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
    return metaData.autoCommitFailureClosesAllResultSets();
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return wrap(metaData.getClientInfoProperties());
  }

  @Override
  public ResultSet getFunctions(String string, String string2, String string3) throws SQLException {
    return wrap(metaData.getFunctions(string, string2, string3));
  }

  @Override
  public ResultSet getFunctionColumns(String string, String string2, String string3, String string4)
      throws SQLException {
    return wrap(metaData.getFunctionColumns(string, string2, string3, string4));
  }

  @Override
  public ResultSet getPseudoColumns(String string, String string2, String string3, String string4)
      throws SQLException {
    return wrap(metaData.getPseudoColumns(string, string2, string3, string4));
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws SQLException {
    return metaData.generatedKeyAlwaysReturned();
  }

  @Override
  public long getMaxLogicalLobSize() throws SQLException {
    return metaData.getMaxLogicalLobSize();
  }

  @Override
  public boolean supportsRefCursors() throws SQLException {
    return metaData.supportsRefCursors();
  }

  @Override
  public boolean supportsSharding() throws SQLException {
    return metaData.supportsSharding();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return metaData.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return metaData.isWrapperFor(type);
  }
}
