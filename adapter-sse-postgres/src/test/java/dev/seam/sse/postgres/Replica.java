package dev.seam.sse.postgres;

import com.zaxxer.hikari.HikariDataSource;
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
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One replica of a service: its own Jetty 12 server on a loopback port, its own pool, log and SSE
 * endpoint, and a broadcaster per stream served at {@code /events/<stream>}. Replicas of a test
 * share nothing but the PostgreSQL server.
 */
final class Replica implements FailoverContract.Sender {
  final String name;
  final HikariDataSource pool;
  final PostgresSseEventLog log;
  final Seam seam;
  final SseEndpoint endpoint;
  final Map<String, SseBroadcaster> broadcasters = new LinkedHashMap<>();
  private final Server server;
  private final int port;
  private boolean closed;

  Replica(String name, String prefix, String... streams) throws Exception {
    this(name, b -> b.tablePrefix(prefix), streams);
  }

  Replica(String name, UnaryOperator<PostgresSseEventLogBuilder> options, String... streams)
      throws Exception {
    this(name, PgServer.pool("pool-" + name), options, streams);
  }

  /** A replica on a pool of the caller's, which it closes with itself. */
  Replica(
      String name,
      HikariDataSource pool,
      UnaryOperator<PostgresSseEventLogBuilder> options,
      String... streams)
      throws Exception {
    this(name, pool, ds -> ds, options, streams);
  }

  /** A replica whose log sees its pool through {@code view} (a statement counter, say). */
  Replica(
      String name,
      HikariDataSource pool,
      UnaryOperator<DataSource> view,
      UnaryOperator<PostgresSseEventLogBuilder> options,
      String... streams)
      throws Exception {
    this.name = name;
    this.pool = pool;
    this.log =
        options.apply(PostgresSseEventLog.builder(view.apply(pool)).name("pg-" + name)).build();
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
      pool.close();
    }
  }
}
