package dev.seam.sse.redis;

import dev.seam.Seam;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseServlet;
import dev.seam.sse.contract.FailoverContract;
import dev.seam.sse.contract.RawSseClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import redis.clients.jedis.RedisClient;

/**
 * One replica of a service: its own Jetty 12 server on a loopback port, its own Redis client, log
 * and SSE endpoint, and a broadcaster per stream served at {@code /events/<stream>}. Replicas of a
 * test share nothing but the Redis server.
 */
final class Replica implements FailoverContract.Sender {
  final String name;
  final RedisClient redis;
  final RedisSseEventLog log;
  final Seam seam;
  final SseEndpoint endpoint;
  final Map<String, SseBroadcaster> broadcasters = new LinkedHashMap<>();
  private final Server server;
  private final int port;
  private boolean closed;

  Replica(String name, String prefix, String... streams) throws Exception {
    this(name, b -> b.keyPrefix(prefix), streams);
  }

  Replica(String name, UnaryOperator<RedisSseEventLogBuilder> options, String... streams)
      throws Exception {
    this.name = name;
    this.redis = RedisServer.client();
    this.log = options.apply(RedisSseEventLog.builder(redis).name("redis-" + name)).build();
    this.seam = Seam.builder("jobs-" + name).maxConcurrency(2).maxQueued(0).build();
    this.endpoint =
        SseEndpoint.builder(seam).maxStreams(2_000).retryAfter(Duration.ofMillis(200)).build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    for (String stream : streams) {
      SseBroadcaster b = SseBroadcaster.withLog(stream, log);
      broadcasters.put(stream, b);
      ServletHolder holder = new ServletHolder(new SseServlet(endpoint, b));
      holder.setAsyncSupported(true);
      context.addServlet(holder, "/events/" + stream);
    }
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @Override
  public SseBroadcaster broadcaster(String stream) {
    return broadcasters.get(stream);
  }

  URI uri(String stream) {
    return URI.create("http://127.0.0.1:" + port + "/events/" + stream);
  }

  RawSseClient subscribe(String stream, String... headers) throws Exception {
    return RawSseClient.open(uri(stream), headers);
  }

  /** Stops the replica as a deploy or a crash would: streams cut, the job's seam closed. */
  @Override
  public void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    try {
      endpoint.close();
      server.stop();
    } finally {
      broadcasters.values().forEach(SseBroadcaster::close);
      log.close();
      seam.close();
      redis.close();
    }
  }
}
