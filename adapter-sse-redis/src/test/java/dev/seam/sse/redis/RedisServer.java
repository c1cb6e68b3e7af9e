package dev.seam.sse.redis;

import dev.seam.testsupport.OptionalSuite;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;

/**
 * The real redis-server, found through SEAM_REDIS_URL (what {@code .ci/redis.sh} exports; default
 * redis://127.0.0.1:6390). Without a server the Redis tests are skipped, each saying how to run
 * them, unless {@code -Dseam.redis.required=true} (set by {@code .ci/run}) makes that a failure.
 */
final class RedisServer {
  static final URI URL = URI.create(env("SEAM_REDIS_URL", "redis://127.0.0.1:6390"));
  private static final boolean REQUIRED = Boolean.getBoolean("seam.redis.required");
  private static volatile String unreachable;
  private static volatile boolean checked;

  private RedisServer() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips (or, when required, fails) the calling test if the server does not answer. */
  static synchronized void assumeReachable() {
    if (!checked) {
      checked = true;
      try (Jedis j = admin()) {
        j.ping();
        unreachable = null;
        OptionalSuite.ran("Redis");
      } catch (RuntimeException e) {
        unreachable = e.toString();
        if (!REQUIRED) {
          OptionalSuite.skipped(
              "Redis", "no redis-server at " + URL + "; start one with `. .ci/redis.sh`");
          System.out.println(
              "\n*** Redis suite SKIPPED: no redis-server at "
                  + URL
                  + " ("
                  + e
                  + ").\n*** To run it: start one with `. .ci/redis.sh` (or set SEAM_REDIS_URL),"
                  + " then `mvn verify`;\n*** add -Dseam.redis.required=true to make an"
                  + " unreachable server a failure, as .ci/run does.\n");
        }
      }
    }
    if (unreachable != null) {
      String why = "redis-server unreachable at " + URL + ": " + unreachable;
      if (REQUIRED) {
        Assertions.fail(why + " (-Dseam.redis.required=true)");
      }
      Assumptions.abort(why + "; Redis suite skipped (start one with `. .ci/redis.sh`)");
    }
  }

  /** A client of its own, as each replica would have. */
  static RedisClient client() {
    return RedisClient.builder().hostAndPort(URL.getHost(), URL.getPort()).build();
  }

  /** A short-lived connection for the test's own commands. */
  static Jedis admin() {
    return new Jedis(
        new HostAndPort(URL.getHost(), URL.getPort()),
        DefaultJedisClientConfig.builder()
            .timeoutMillis(5_000)
            .protocol(RedisProtocol.RESP2)
            .build());
  }

  /** Removes a test's keys; nothing to do when the suite was skipped. */
  static void deleteKeys(String pattern) {
    if (!checked || unreachable != null) {
      return;
    }
    try (Jedis j = admin()) {
      List<String> keys = List.copyOf(j.keys(pattern));
      if (!keys.isEmpty()) {
        j.del(keys.toArray(new String[0]));
      }
    }
  }

  /** {@code INFO commandstats} as command name -> calls. */
  static Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    try (Jedis j = admin()) {
      for (String line : j.info("commandstats").lines().toList()) {
        if (line.startsWith("cmdstat_")) {
          String name = line.substring(8, line.indexOf(':'));
          String stats = line.substring(line.indexOf(':') + 1);
          int from = stats.indexOf("calls=") + 6;
          int to = stats.indexOf(',', from);
          calls.put(name, Long.parseLong(stats.substring(from, to < 0 ? stats.length() : to)));
        }
      }
    }
    return calls;
  }

  /**
   * Stops the server (its append-only file keeps what it acknowledged) and returns how to start it
   * again with the same settings; skips the test when redis-server is not on this machine.
   */
  static Restart shutDown() {
    Map<String, String> config = new HashMap<>();
    try (Jedis j = admin()) {
      for (String k : List.of("dir", "port", "appendonly", "appendfsync", "bind", "logfile")) {
        config.put(k, j.configGet(k).get(k));
      }
    }
    Assumptions.assumeTrue(
        "yes".equals(config.get("appendonly")),
        "the restart test needs redis-server with --appendonly yes, as .ci/redis.sh starts it");
    Assumptions.assumeTrue(
        new java.io.File("/usr/bin/redis-server").canExecute(),
        "the restart test starts /usr/bin/redis-server again; not installed here");
    try (Jedis j = admin()) {
      j.shutdown();
    } catch (RuntimeException e) {
      // SHUTDOWN answers by closing the connection
    }
    return new Restart(config);
  }

  /** Starts the stopped server again. */
  record Restart(Map<String, String> config) {
    void start() throws IOException, InterruptedException {
      Process p =
          new ProcessBuilder(
                  "/usr/bin/redis-server",
                  "--bind",
                  config.get("bind"),
                  "--port",
                  config.get("port"),
                  "--dir",
                  config.get("dir"),
                  "--save",
                  "",
                  "--appendonly",
                  "yes",
                  "--appendfsync",
                  config.get("appendfsync"),
                  "--logfile",
                  config.get("logfile"),
                  "--daemonize",
                  "yes")
              .inheritIO()
              .start();
      Assertions.assertTrue(p.waitFor(10, TimeUnit.SECONDS), "redis-server did not daemonize");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () -> {
                try (Jedis j = admin()) {
                  return "PONG".equals(j.ping());
                }
              });
    }
  }
}
