package dev.seam.sse.redis.internal;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * A connection of the user's client held for one call (or the reader's life), rather than one
 * borrowed per command: so a cancelled call can cut its own socket, and the reader's {@code CLIENT
 * ID} stays the one its blocked read runs on. Closing the returned {@link Jedis} gives the
 * connection back to the client's pool (or drops it, when it broke).
 */
public final class Connections {
  private Connections() {}

  /**
   * Borrows a connection.
   *
   * @param redis the user's client
   * @return the connection, as a {@link Jedis} to close after use
   */
  public static Jedis borrow(RedisClient redis) {
    return new Jedis(redis.getPool().getResource());
  }

  /**
   * Drops the pool's idle connections after a connection error: after a Redis restart every one of
   * them is broken, and trying them one by one would spend the caller's deadline.
   *
   * @param redis the user's client
   */
  public static void dropIdle(RedisClient redis) {
    try {
      redis.getPool().clear();
    } catch (RuntimeException e) {
      // best effort: the next borrow finds out anyway
    }
  }
}
