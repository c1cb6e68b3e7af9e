package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad arguments give errors that name the bad value, through the future where the call is async.
 */
@ExtendWith(SeamLeakCheck.class)
class BadInputTest {
  private Seam seam;

  @BeforeEach
  void start() {
    seam = Seam.builder("http-input").propagate(Propagators.mdc()).build();
  }

  @AfterEach
  void stop() {
    seam.close();
  }

  @Test
  void negativeOrZeroTimeoutIsRejectedWithItsValue() {
    assertThatThrownBy(() -> HttpOptions.defaults().withTimeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout <= 0: PT-0.005S");
    assertThatThrownBy(() -> HttpOptions.defaults().withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout <= 0: PT0S");
    assertThatThrownBy(() -> HttpOptions.defaults().withTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void negativeBodyLimitIsRejectedWithItsValue() {
    assertThatThrownBy(() -> HttpOptions.defaults().withMaxBodyBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes < 0: -1");
  }

  @Test
  void nullRequestFailsTheFutureForEveryClient() throws IOException {
    HttpClient jdk = HttpClient.newHttpClient();
    OkHttpClient ok = new OkHttpClient();
    try (CloseableHttpClient apache = HttpClients.createDefault()) {
      assertNpe(AsyncUrlConnection.create(seam).exchange(null, (c, body) -> "x"), "url");
      assertNpe(
          AsyncJdkHttp.create(seam, jdk).send(null, HttpResponse.BodyHandlers.ofString()),
          "request");
      assertNpe(AsyncOkHttp.create(seam, ok).execute(null, r -> "x"), "request");
      assertNpe(AsyncApacheHttp.create(seam, apache).execute(null, r -> "x"), "request");
    } finally {
      ok.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void nullHandlerFailsTheFuture() throws IOException {
    URI uri = URI.create("http://127.0.0.1:9/");
    assertNpe(
        AsyncJdkHttp.create(seam, HttpClient.newHttpClient())
            .send(HttpRequest.newBuilder(uri).build(), null),
        "handler");
    assertNpe(AsyncUrlConnection.create(seam).exchange(uri.toURL(), null), "response");
  }

  @Test
  void nonHttpUrlFailsTheFutureNamingItsProtocol() throws IOException {
    CompletableFuture<Object> f =
        AsyncUrlConnection.create(seam)
            .exchange(URI.create("file:///etc/hostname").toURL(), (c, body) -> "x");
    assertThat(f)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalArgumentException.class)
        .withMessage("not an http(s) URL: file");
  }

  @Test
  void bodyHandlerReturningNullFailsTheCallWithClearMessage() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.respond(200, "hello"))) {
      CompletableFuture<HttpResponse<String>> f =
          AsyncJdkHttp.create(seam, HttpClient.newHttpClient())
              .send(HttpRequest.newBuilder(server.uri("/")).build(), info -> null);
      try {
        f.get(5, TimeUnit.SECONDS);
        throw new AssertionError("expected a failure");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(SeamCallException.class);
        assertThat(e.getCause())
            .hasRootCauseInstanceOf(NullPointerException.class)
            .rootCause()
            .hasMessageContaining("returned null for status 200");
      }
    }
  }

  private static void assertNpe(CompletableFuture<?> f, String name) {
    assertThat(f)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(NullPointerException.class)
        .withMessage(name);
  }
}
