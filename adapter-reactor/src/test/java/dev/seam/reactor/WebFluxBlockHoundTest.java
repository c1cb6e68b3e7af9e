package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * BlockHound on a real WebFlux application (a {@code RouterFunction} on Reactor Netty): a handler
 * that calls a sync DAO in place, on the event loop, is caught and answers 500; the same handler
 * through seam-reactor answers 200.
 */
class WebFluxBlockHoundTest {
  /** A legacy DAO: it waits, as a JDBC driver waits on its socket. */
  static final class LegacyDao {
    String find(long id) throws InterruptedException {
      Thread.sleep(1);
      return "order-" + id;
    }
  }

  private final LegacyDao dao = new LegacyDao();
  private final Seam seam = Seam.builder("hound-webflux").build();
  private final AtomicReference<Throwable> caught = new AtomicReference<>();
  private DisposableServer server;

  @BeforeAll
  static void install() {
    BlockHound.install(); // Reactor's and Netty's integrations mark the event loops non-blocking
  }

  @BeforeEach
  void start() {
    RouterFunction<ServerResponse> routes =
        RouterFunctions.route(
                RequestPredicates.GET("/direct"),
                request ->
                    Mono.fromCallable(() -> dao.find(1)) // on the event loop that serves it
                        .doOnError(caught::set)
                        .flatMap(order -> ServerResponse.ok().bodyValue(order)))
            .andRoute(
                RequestPredicates.GET("/seam"),
                request ->
                    SeamReactor.mono(seam, () -> dao.find(2))
                        .doOnError(caught::set)
                        .flatMap(order -> ServerResponse.ok().bodyValue(order)));
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes)))
            .bindNow();
  }

  @AfterEach
  void stop() {
    server.disposeNow();
    seam.close();
  }

  /** A status and body, read with the JDK's HttpURLConnection (in java.base). */
  private record Response(int status, String body) {}

  private Response get(String path) throws Exception {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    try {
      int status = c.getResponseCode();
      try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        return new Response(
            status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      c.disconnect();
    }
  }

  @Test
  void aHandlerThatCallsTheDaoOnTheEventLoopIsCaught() throws Exception {
    assertThat(get("/direct").status()).isEqualTo(500);
    assertThat(caught.get())
        .isInstanceOf(BlockingOperationError.class)
        .hasMessageContaining("Thread.sleep");
  }

  @Test
  void theSameHandlerThroughSeamReactorIsClean() throws Exception {
    Response response = get("/seam");

    assertThat(caught.get()).isNull();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order-2");
  }
}
