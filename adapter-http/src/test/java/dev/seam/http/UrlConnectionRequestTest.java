package dev.seam.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request callback of {@link AsyncUrlConnection} shapes the request: method, headers, body. */
@ExtendWith(SeamLeakCheck.class)
class UrlConnectionRequestTest {

  @Test
  void requestCallbackSendsMethodHeadersAndBody() throws Exception {
    LoopbackServer.Script echo =
        (socket, server) -> {
          InputStream in = socket.getInputStream();
          Map<String, String> head = server.requests.peek();
          int length = Integer.parseInt(head.get("content-length"));
          byte[] body = in.readNBytes(length);
          OutputStream out = socket.getOutputStream();
          LoopbackServer.writeHead(out, 201, "Content-Length: " + body.length, "Connection: close");
          out.write(body);
          out.flush();
        };
    try (Seam seam =
            Seam.builder("http-post")
                .timeout(Duration.ofSeconds(5))
                .propagate(Propagators.mdc())
                .build();
        LoopbackServer server = new LoopbackServer(echo)) {
      String answer =
          AsyncUrlConnection.create(seam)
              .<String>exchange(
                  server.uri("/orders").toURL(),
                  HttpOptions.defaults(),
                  connection -> {
                    connection.setRequestMethod("POST");
                    connection.setRequestProperty("Content-Type", "application/json");
                    connection.setDoOutput(true);
                    try (OutputStream out = connection.getOutputStream()) {
                      out.write("{\"id\":42}".getBytes(UTF_8));
                    }
                  },
                  (HttpURLConnection connection, InputStream body) ->
                      connection.getResponseCode() + " " + new String(body.readAllBytes(), UTF_8))
              .get(5, TimeUnit.SECONDS);
      assertThat(answer).isEqualTo("201 {\"id\":42}");
      Map<String, String> request = server.requests.remove();
      assertThat(request)
          .containsEntry(":request", "POST /orders HTTP/1.1")
          .containsEntry("content-type", "application/json");
    }
  }
}
