package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import dev.seam.testsupport.DevTools;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real headless Chromium's {@code EventSource}, cut off by a network outage while the server
 * sends 100, 1,000 and then 10,000 events, reconnects by itself with its last id and receives every
 * event it missed and every later one, each once and in order, at the endpoint's default settings
 * and the in-memory log. The outage is a proxy that closes the connections and holds the browser's
 * reconnect until the events are sent.
 *
 * <p>Without Chromium the test is skipped and says how to run it; with {@code
 * -Dseam.browser.required=true} (CI) a missing browser fails it instead.
 */
@ExtendWith(SeamLeakCheck.class)
@Timeout(180)
class BrowserResumeTest {
  private static final String SUITE = "Chromium SSE resume test";
  private static final int LIVE = 50;
  private static final String PAGE =
      """
      <!doctype html><html><head><title>resume</title><link rel="icon" href="data:,"></head>
      <body><script>
      window.ids = []; window.data = []; window.opens = 0;
      const es = new EventSource('/events/feed');
      es.onopen = () => { window.opens++; };
      es.addEventListener('tick', e => { window.ids.push(e.lastEventId); window.data.push(e.data); });
      </script></body></html>
      """;
  // The first index where the page's events stop being <epoch>-1, -2, -3, ... (one epoch) with
  // data 1, 2, 3, ...; or "none".
  private static final String FIRST_GAP_OR_DUPLICATE =
      "(() => { const epoch = window.ids[0].split('-')[0];"
          + " for (let i = 0; i < window.ids.length; i++) {"
          + " if (window.ids[i] !== epoch + '-' + (i + 1) || window.data[i] !== String(i + 1))"
          + " return i + ': id ' + window.ids[i] + ', data ' + window.data[i]; }"
          + " return 'none'; })()";

  private final Seam seam = Seam.builder("sse-browser").maxConcurrency(2).build();
  private SseEndpoint endpoint;
  private Server server;
  private int sent;

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
  void chromiumResumesAfterMissing100And1000And10000EventsWithNoGapAndNoDuplicate()
      throws Exception {
    Path chromium = DevTools.requireChromium(SUITE);
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("feed", 20_000);
    endpoint = SseEndpoint.builder(seam).build(); // the defaults
    int port = start(broadcaster);
    try (CuttingProxy proxy = new CuttingProxy(port);
        DevTools page = DevTools.launch(chromium, 800, 600)) {
      page.navigate(URI.create("http://127.0.0.1:" + proxy.port() + "/page"));
      awaitPage("the stream open", page, "window.opens", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 1);
      for (int missed : new int[] {100, 1_000, 10_000}) {
        send(broadcaster, 5);
        awaitPage(
            "the events before the outage", page, "window.ids.length", Integer.toString(sent));

        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.held() >= 1); // reconnecting
        send(broadcaster, missed);
        proxy.release();
        send(broadcaster, LIVE); // live ones, queued behind the catch-up or interleaved with it

        awaitPage("every event after missing " + missed, page, "window.ids.length", "" + sent);
        assertThat(page.eval(FIRST_GAP_OR_DUPLICATE))
            .as("after missing " + missed)
            .isEqualTo("none");
      }
      assertThat(Integer.parseInt(page.eval("window.opens"))).isGreaterThanOrEqualTo(4);
      assertThat(page.eval("es.readyState")).isEqualTo("1"); // OPEN: never gave up
    }
  }

  private void send(SseBroadcaster broadcaster, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      sent++;
      broadcaster.send(SseEvent.of("tick", Integer.toString(sent)));
    }
  }

  private static void awaitPage(String what, DevTools page, String expression, String expected) {
    await(what)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> expected.equals(page.eval(expression)));
  }

  private int start(SseBroadcaster broadcaster) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder sse = new ServletHolder(new SseServlet(endpoint, broadcaster));
    sse.setAsyncSupported(true);
    context.addServlet(sse, "/events/*");
    context.addServlet(new ServletHolder(new PageServlet()), "/page");
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  private static final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/html;charset=UTF-8");
      resp.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
  }
}
