package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line Jetty wiring: on a real {@code server.stop()} every one of 1,000 open streams gets
 * the farewell, and the stop takes well under a second beyond the shutdown grace.
 */
@ExtendWith(SeamLeakCheck.class)
class SseJettyShutdownTest {
  private static final Logger LOG = LoggerFactory.getLogger(SseJettyShutdownTest.class);
  private static final int STREAMS = 1_000;
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final Seam seam = Seam.builder("sse-jetty-stop").maxConcurrency(1).build();
  private final SseBroadcaster broadcaster = SseBroadcaster.create("news");
  private SseEndpoint endpoint;
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    broadcaster.close();
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void everyOpenStreamGetsTheFarewellOnARealServerStop() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .maxStreams(STREAMS)
            .farewell(SseEvent.comment("restarting").retry(Duration.ofSeconds(3)))
            .shutdownGrace(GRACE)
            .build();
    server = new Server();
    server.setStopTimeout(8_000);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(STREAMS);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(new SseServlet(endpoint, broadcaster));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/events/*");
    server.setHandler(context);
    SseJettyShutdown.closeBeforeConnectors(server, endpoint);
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/events/news");
    List<RawSseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) {
        RawSseClient c = RawSseClient.open(uri);
        assertThat(c.status).isEqualTo(200);
        clients.add(c);
      }
      broadcaster.send(SseEvent.of("hello"));
      long start = System.nanoTime();
      server.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      server = null;
      LOG.info("server.stop() with {} open streams took {} ms", STREAMS, took.toMillis());
      assertThat(took).isLessThan(GRACE.plusSeconds(1));
      for (RawSseClient c : clients) {
        assertThat(c.readToEnd()).endsWith(": restarting\nretry: 3000\n\n");
        assertThat(c.parser().events()).hasSize(1);
      }
    } finally {
      for (RawSseClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void aMissingServerOrEndpointIsNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> SseJettyShutdown.closeBeforeConnectors(null, endpoint()))
        .withMessage("server");
    assertThatNullPointerException()
        .isThrownBy(() -> SseJettyShutdown.closeBeforeConnectors(new Server(), (SseEndpoint) null));
  }

  private SseEndpoint endpoint() {
    endpoint = SseEndpoint.builder(seam).build();
    return endpoint;
  }
}
