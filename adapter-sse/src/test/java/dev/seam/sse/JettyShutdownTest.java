package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Jetty {@code server.stop()}: Jetty closes connections before it destroys the context, so
 * the endpoint must close when the server starts stopping, the wiring the README shows.
 */
@ExtendWith(SeamLeakCheck.class)
class JettyShutdownTest {
  private final Seam seam = Seam.builder("sse-stop").maxConcurrency(8).build();
  private SseEndpoint endpoint;
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void closingTheEndpointWhenJettyStartsStoppingDeliversTheFarewellToEveryStream()
      throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .farewell(SseEvent.comment("restarting").retry(Duration.ofSeconds(2)))
            .shutdownGrace(Duration.ofSeconds(5))
            .build();
    server = new Server();
    server.setStopTimeout(8_000);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder =
        new ServletHolder(
            new SseServlet(
                endpoint,
                emitter -> {
                  emitter.send(SseEvent.of("hello"));
                  new CountDownLatch(1).await(); // until cancelled by the shutdown
                }));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/events/*");
    server.setHandler(context);
    SseEndpoint sse = endpoint;
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopping(LifeCycle event) {
            sse.close(); // before Jetty closes the connections
          }
        });
    server.start();
    java.net.URI uri =
        java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/events/s");
    List<RawSseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        RawSseClient c = RawSseClient.open(uri);
        c.awaitEvent(1);
        clients.add(c);
      }
      long start = System.nanoTime();
      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.stop();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      for (RawSseClient c : clients) {
        assertThat(c.readToEnd()).endsWith(": restarting\nretry: 2000\n\n");
        assertThat(c.parser().retry()).isEqualTo(2000);
      }
      assertThat(stopping).succeedsWithin(Duration.ofSeconds(10));
      // well within the 5 s grace and Jetty's 8 s stop timeout: nothing waited on open streams
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      server = null;
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    } finally {
      for (RawSseClient c : clients) {
        c.close();
      }
    }
  }
}
