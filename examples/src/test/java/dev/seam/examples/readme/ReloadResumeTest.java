package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seam.Seam;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseHttpHandler;
import dev.seam.testing.SeamLeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's resume-after-reload producer, over real HTTP. */
@ExtendWith(SeamLeakCheck.class)
class ReloadResumeTest {
  private static final LegacyJobs.Job FIVE_STEPS =
      new LegacyJobs.Job() {
        @Override
        public boolean isDone() {
          return false;
        }

        @Override
        public long steps() {
          return 5;
        }

        @Override
        public void awaitStep(long step) {}
      };

  @Test
  void aReloadResumesFromTheIdInTheUrlAndTheReconnectHeaderWinsOverIt() throws Exception {
    LegacyJobs jobs = new LegacyJobs();
    jobs.put("42", FIVE_STEPS);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (Seam seam = Seam.builder("reload").maxConcurrency(2).maxQueued(0).build();
        SseEndpoint sse = SseEndpoint.builder(seam).build()) {
      server.createContext("/jobs/progress", new SseHttpHandler(sse, ReloadResume.progress(jobs)));
      server.start();
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/jobs/progress?job=42";

      assertThat(ids(base, null)).containsExactly("1", "2", "3", "4", "5");
      assertThat(ids(base + "&from=3", null)).containsExactly("4", "5"); // a reload
      assertThat(ids(base + "&from=1", "4")).containsExactly("5"); // EventSource's own reconnect
    } finally {
      server.stop(0);
    }
  }

  private static List<String> ids(String url, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    try (Stream<String> lines = response.body()) {
      return lines.filter(l -> l.startsWith("id:")).map(l -> l.substring(3).strip()).toList();
    }
  }
}
