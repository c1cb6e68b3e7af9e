package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
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
 * Each client adapter against real loopback servers that misbehave: every fault ends as a clear
 * exception through the future with the cause kept, nothing outlives its deadline, the seam's
 * thread comes back and no connection stays leased.
 */
@ExtendWith(SeamLeakCheck.class)
class HttpFaultTest {
  private static final Logger log = LoggerFactory.getLogger(HttpFaultTest.class);
  private static final Duration SLACK = Duration.ofSeconds(3);

  private Seam seam;
  private TestClient client;
  private LoopbackServer server;

  static TestClient.Factory[] clients() {
    return TestClient.all();
  }

  @BeforeEach
  void startSeam() {
    seam =
        Seam.builder("http-faults")
            .maxConcurrency(2)
            .maxQueued(4)
            .timeout(Duration.ofSeconds(5))
            .propagate(Propagators.mdc())
            .build();
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

  private URI serve(LoopbackServer.Script script) throws IOException {
    server = new LoopbackServer(script);
    return server.uri("/orders/42?token=secret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void okResponseCompletesWithBody(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.respond(200, "hello"));
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    assertThat(client.text(f.get(5, TimeUnit.SECONDS))).isEqualTo("hello");
    assertThat(server.requests.peek())
        .containsEntry(":request", "GET /orders/42?token=secret HTTP/1.1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void serverErrorFailsWithStatusNamingTargetWithoutQuery(TestClient.Factory factory)
      throws Exception {
    URI uri = serve(LoopbackServer.respond(503, "unavailable"));
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    Throwable cause = failure(f);
    assertThat(cause).isInstanceOf(HttpStatusException.class);
    assertThat(((HttpStatusException) cause).statusCode()).isEqualTo(503);
    assertThat(cause.getMessage())
        .contains("HTTP 503 from GET http://127.0.0.1:")
        .contains("/orders/42")
        .doesNotContain("secret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void serverErrorReachesHandlerWhenOptionsAllowIt(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.respond(503, "unavailable"));
    CompletableFuture<?> f =
        client(factory).get(uri, HttpOptions.defaults().withFailOnServerError(false));
    assertThat(client.text(f.get(5, TimeUnit.SECONDS))).isEqualTo("unavailable");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void connectionRefusedFailsWithConnectException(TestClient.Factory factory) throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket()) {
      closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = closed.getLocalPort();
    }
    CompletableFuture<?> f =
        client(factory).get(URI.create("http://127.0.0.1:" + port + "/"), HttpOptions.defaults());
    assertThat(failure(f)).isInstanceOf(ConnectException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void resetMidBodyFailsWithIOException(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.resetMidBody());
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    assertThat(failure(f)).isInstanceOf(IOException.class);
    assertThreadAndConnectionsReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void emptyResponseFailsWithIOException(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.closeSilently());
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    assertThat(failure(f)).isInstanceOf(IOException.class);
    assertThreadAndConnectionsReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void slowHeadersFailAtDeadlineAndCloseSocket(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.stallHeaders());
    Duration timeout = Duration.ofMillis(400);
    long start = System.nanoTime();
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults().withTimeout(timeout));
    assertTimedOut(f, timeout);
    long failedAt = System.nanoTime();
    long closedAt = server.clientClosedAt.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "{}: slow headers failed {} ms after submission (timeout {} ms), socket closed {} ms after",
        factory,
        ms(failedAt - start),
        timeout.toMillis(),
        ms(closedAt - failedAt));
    assertThreadAndConnectionsReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void stalledBodyIsCutOffAtDeadlineAndFreesThread(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.stallBody());
    Duration timeout = Duration.ofMillis(600);
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults().withTimeout(timeout));
    Throwable failure = assertTimedOut(f, timeout);
    long failedAt = System.nanoTime();
    long closedAt = server.clientClosedAt.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
    long freeAt = awaitThreadFree();
    log.info(
        "{}: stalled body cut off at the deadline by {}; socket closed {} ms and seam thread free"
            + " {} ms after the future failed",
        factory,
        failure instanceof SeamTimeoutException
            ? "Seam's deadline"
            : "the client's own timeout (" + failure.getCause() + ")",
        ms(closedAt - failedAt),
        ms(freeAt - failedAt));
    assertThat(client.leasedConnections()).isLessThanOrEqualTo(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void cancelAbortsStalledBodyAndClosesSocket(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.stallBody());
    // HttpURLConnection cannot be broken out of a body read (see AsyncUrlConnection): its socket
    // closes at the read timeout, which this deadline bounds. The others close at once.
    Duration timeout = Duration.ofMillis(1500);
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults().withTimeout(timeout));
    assertThat(client.firstByte().await(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    long cancelledAt = System.nanoTime();
    assertThat(f.cancel(true)).isTrue();
    long closedAt =
        server.clientClosedAt.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    long freeAt = awaitThreadFree();
    log.info(
        "{}: cancel while reading the body -> socket closed (server side) {} ms, -> seam thread"
            + " free {} ms",
        factory,
        ms(closedAt - cancelledAt),
        ms(freeAt - cancelledAt));
    assertThat(f).isCancelled();
    assertThat(client.leasedConnections()).isLessThanOrEqualTo(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void cancellingAStageDerivedFromTheExchangeAbortsIt(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.stallBody());
    Duration timeout = Duration.ofMillis(1500);
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults().withTimeout(timeout));
    CompletableFuture<?> body = f.thenApply(r -> r); // what a new user keeps, as with ::body
    assertThat(client.firstByte().await(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    assertThat(body.cancel(true)).isTrue();

    // The cancel reached the exchange: the call's own future is cancelled and the socket closes
    // (HttpURLConnection at its read timeout, which the deadline bounds; see above).
    assertThat(f).isCancelled();
    server.clientClosedAt.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    awaitThreadFree();
    assertThat(client.leasedConnections()).isLessThanOrEqualTo(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void bodyOverLimitFailsWithoutReadingTheRest(TestClient.Factory factory) throws Exception {
    long gib = 1L << 30;
    long mib = 1L << 20;
    URI uri = serve(LoopbackServer.streamChunked(gib));
    long heapBefore = usedHeap();
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults().withMaxBodyBytes(mib));
    Throwable cause = failure(f);
    assertThat(cause).isInstanceOf(BodyTooLargeException.class);
    assertThat(cause.getMessage()).contains("exceeds the limit of " + mib + " bytes");
    server.clientClosedAt.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
    long written = server.bodyBytesWritten.get();
    log.info(
        "{}: 1 GiB body vs 1 MiB limit: server wrote {} MiB before the client closed; used heap"
            + " before {} MiB, after {} MiB",
        factory,
        written / mib,
        heapBefore / mib,
        usedHeap() / mib);
    // Socket buffers hold a few MiB; anything near the body's size means the client kept reading.
    assertThat(written).isLessThan(64 * mib);
    assertThreadAndConnectionsReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void declaredLengthOverLimitFailsBeforeReading(TestClient.Factory factory) throws Exception {
    URI uri = serve(LoopbackServer.declareLength(10L << 20));
    CompletableFuture<?> f =
        client(factory).get(uri, HttpOptions.defaults().withMaxBodyBytes(1 << 20));
    Throwable cause = failure(f);
    assertThat(cause).isInstanceOf(BodyTooLargeException.class);
    assertThat(cause.getMessage()).contains("declares Content-Length 10485760");
    server.clientClosedAt.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
    assertThreadAndConnectionsReleased();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void handlerThatThrowsStillClosesBody(TestClient.Factory factory) throws Exception {
    // The body is declared large and stalls: a client that drained it instead of closing it
    // would hang until the 5 s deadline and fail with a timeout instead of the handler's error.
    URI uri = serve(LoopbackServer.stallBody());
    CompletableFuture<?> f = client(factory).getWithFailingHandler(uri);
    assertThat(rootCause(failure(f))).hasMessage("handler failed");
    server.clientClosedAt.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
    assertThreadAndConnectionsReleased();
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  // ---- helpers ----

  /** The cause of the future's SeamCallException, which must come within the slack. */
  private static Throwable failure(CompletableFuture<?> f) throws InterruptedException {
    try {
      Object value = f.get(SLACK.toMillis() * 2, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SeamCallException.class);
      assertThat(e.getCause().getMessage()).contains("seam 'http-faults'");
      return e.getCause().getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future still pending after " + SLACK.multipliedBy(2), e);
    }
  }

  /**
   * The future fails by the deadline: Seam's own timeout, or the client's timeout, which Seam set
   * to the same remaining time and which may win the race.
   */
  private static Throwable assertTimedOut(CompletableFuture<?> f, Duration timeout)
      throws InterruptedException {
    try {
      f.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a timeout");
    } catch (ExecutionException e) {
      Throwable seamFailure = e.getCause();
      assertThat(seamFailure).isInstanceOf(SeamException.class);
      if (!(seamFailure instanceof SeamTimeoutException)) {
        assertThat(seamFailure.getCause())
            .isInstanceOfAny(InterruptedIOException.class, HttpTimeoutException.class);
      }
      return seamFailure;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("still pending long after the deadline", e);
    }
  }

  private long awaitThreadFree() {
    await()
        .atMost(SLACK)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> seam.stats().running() == 0);
    return System.nanoTime();
  }

  private void assertThreadAndConnectionsReleased() {
    awaitThreadFree();
    await().atMost(SLACK).until(() -> client.leasedConnections() <= 0);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
