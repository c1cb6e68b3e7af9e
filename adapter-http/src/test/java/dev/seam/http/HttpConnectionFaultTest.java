package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-level faults of the HTTP fault matrix, for each client adapter over real loopback
 * sockets: nobody listening, a name that does not resolve, a server that drips, a body the user
 * never reads or closes, and a server that closes a kept-alive connection between two requests.
 * (Resets, stalls and 5xx are in {@link HttpFaultTest}.) Each fault ends in one clear outcome
 * through the future, within the deadline, with the seam's thread and the client's connections
 * given back.
 */
@ExtendWith(SeamLeakCheck.class)
class HttpConnectionFaultTest {
  private static final Logger log = LoggerFactory.getLogger(HttpConnectionFaultTest.class);
  private static final Duration SLACK = Duration.ofSeconds(3);

  private Seam seam;
  private TestClient client;
  private LoopbackServer server;

  static TestClient.Factory[] clients() {
    return TestClient.all();
  }

  /**
   * The clients whose adapters own the response body for the handler. java.net.http hands a
   * streaming body to the caller, who must close it, so "a body the handler never closes" does not
   * apply to it (and is left out rather than skipped).
   */
  static TestClient.Factory[] clientsThatOwnTheBody() {
    return java.util.Arrays.stream(TestClient.all())
        .filter(f -> !f.toString().equals("java.net.http"))
        .toArray(TestClient.Factory[]::new);
  }

  @BeforeEach
  void startSeam() {
    seam = Seam.builder("http-conn").maxConcurrency(2).timeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stopAll() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    seam.close();
  }

  private TestClient client(TestClient.Factory factory) {
    client = factory.create.apply(seam);
    return client;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void refusedConnectionNamesHostAndPort(TestClient.Factory factory) throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket()) {
      closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = closed.getLocalPort();
    }
    long start = System.nanoTime();
    CompletableFuture<?> f =
        client(factory)
            .get(URI.create("http://127.0.0.1:" + port + "/orders"), HttpOptions.defaults());
    Throwable cause = failure(f);
    log.info("{}: refused in {} ms: {}", factory, ms(System.nanoTime() - start), str(cause));
    assertThat(cause).isInstanceOf(ConnectException.class);
    assertThat(cause.getMessage()).contains("127.0.0.1:" + port);
    assertReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void unresolvableHostFailsNamingTheHost(TestClient.Factory factory) throws Exception {
    // RFC 6761: .invalid never resolves, so no resolver, online or not, can make this pass.
    CompletableFuture<?> f =
        client(factory)
            .get(
                URI.create("http://seam-fault.invalid:8080/orders"),
                HttpOptions.defaults().withTimeout(Duration.ofSeconds(4)));
    Throwable cause = failure(f);
    log.info("{}: unresolvable host: {}", factory, str(cause));
    assertThat(cause).isInstanceOf(UnknownHostException.class);
    assertThat(cause.getMessage()).contains("seam-fault.invalid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void slowDripUnderTheDeadlineCompletes(TestClient.Factory factory) throws Exception {
    String body = "twenty bytes, slowly";
    server = new LoopbackServer(LoopbackServer.drip(body, 25)); // 500 ms in all
    Duration timeout = Duration.ofSeconds(4);
    long start = System.nanoTime();
    CompletableFuture<?> f =
        client(factory).get(server.uri("/drip"), HttpOptions.defaults().withTimeout(timeout));
    Object result = f.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    log.info("{}: 20-byte drip over ~500 ms read in {} ms", factory, ms(System.nanoTime() - start));
    assertThat(client.text(result)).isEqualTo(body);
    assertReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientsThatOwnTheBody")
  void bodyTheHandlerNeverReadsOrClosesIsReleased(TestClient.Factory factory) throws Exception {
    TestClient c = client(factory);
    // A body left open would keep its connection leased; closed for the user, it is drained for
    // reuse or dropped, and either way the next request gets a connection.
    server = new LoopbackServer(LoopbackServer.keepAlive("x".repeat(512 * 1024), 3));
    CompletableFuture<?> first = c.getLeavingBodyUnread(server.uri("/big"));
    assertThat(first).as("%s owns the body for the handler", factory).isNotNull();
    assertThat(first.get(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("unread");
    CompletableFuture<?> second = c.getLeavingBodyUnread(server.uri("/big"));
    assertThat(second.get(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("unread");
    assertReleased();
    log.info("{}: two unread 512 KiB bodies, {} connection(s)", factory, server.connections.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void keptAliveConnectionClosedBetweenRequestsIsNotReused(TestClient.Factory factory)
      throws Exception {
    TestClient c = client(factory);
    server = new LoopbackServer(LoopbackServer.keepAlive("pong", 1));
    Object first = c.get(server.uri("/ping"), HttpOptions.defaults()).get(5, TimeUnit.SECONDS);
    assertThat(c.text(first)).isEqualTo("pong");
    // The server has closed the kept-alive connection (FIN) before the next request is sent.
    assertThat(server.connectionsDone.tryAcquire(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    long start = System.nanoTime();
    Object second = c.get(server.uri("/ping"), HttpOptions.defaults()).get(5, TimeUnit.SECONDS);
    log.info(
        "{}: request after the server closed the idle connection took {} ms, {} connections",
        factory,
        ms(System.nanoTime() - start),
        server.connections.get());
    assertThat(c.text(second)).isEqualTo("pong");
    assertThat(server.connections.get()).isEqualTo(2);
    assertReleased();
  }

  // ---- helpers ----

  private static Throwable failure(CompletableFuture<?> f) throws InterruptedException {
    try {
      Object value = f.get(SLACK.toMillis() * 2, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SeamCallException.class);
      assertThat(e.getCause().getMessage()).contains("seam 'http-conn'");
      return e.getCause().getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future still pending after " + SLACK.multipliedBy(2), e);
    }
  }

  private void assertReleased() {
    await().atMost(SLACK).until(() -> seam.stats().running() == 0);
    await().atMost(SLACK).until(() -> client.leasedConnections() <= 0);
  }

  /** As text: SLF4J would take a last Throwable argument for the stack trace, not a value. */
  private static String str(Throwable t) {
    return String.valueOf(t);
  }

  private static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
