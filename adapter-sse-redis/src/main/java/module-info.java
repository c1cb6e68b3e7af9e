/**
 * An {@link dev.seam.sse.SseEventLog} on Redis Streams, so that SSE clients resume with their
 * {@code Last-Event-ID} on any replica that shares the Redis server.
 *
 * <p>{@code dev.seam.sse.redis.internal} is not API.
 */
// Jedis ships as an automatic module and its JedisPool is this module's API (the user's own
// connection, authentication and TLS settings), so it is required transitively.
@SuppressWarnings("requires-transitive-automatic")
module dev.seam.sse.redis {
  requires transitive dev.seam.sse;
  requires transitive redis.clients.jedis;
  requires org.slf4j;

  exports dev.seam.sse.redis;
}
