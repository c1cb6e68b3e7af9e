/**
 * An {@link dev.seam.sse.SseEventLog} on PostgreSQL, so that SSE clients resume with their {@code
 * Last-Event-ID} on any replica that shares the database.
 *
 * <p>{@code dev.seam.sse.postgres.internal} is not API.
 */
// pgjdbc ships as an automatic module; the log needs its LISTEN/NOTIFY API (PGConnection) at run
// time, while the public API names only java.sql types.
@SuppressWarnings("requires-automatic")
module dev.seam.sse.postgres {
  requires transitive dev.seam.sse;
  requires transitive java.sql;
  requires dev.seam.jdbc;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports dev.seam.sse.postgres;
}
