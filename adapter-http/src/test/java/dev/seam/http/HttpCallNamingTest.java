package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamCancellationException;
import dev.seam.SeamException;
import dev.seam.SeamRejectedException;
import dev.seam.http.internal.Exchanges;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure of an HTTP call names the request, method and target, as an operator reads it in
 * the log: a timeout, a rejection, a refused connection and a caller's cancel. The URL carries a
 * secret in its query string, which must appear in no message of the whole exception.
 */
@ExtendWith(SeamLeakCheck.class)
class HttpCallNamingTest {
  private static final String PATH = "/orders/42";
  private static final long WAIT_SECONDS = 10;

  private Seam seam;
  private TestClient client;
  private LoopbackServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  static TestClient.Factory[] clients() {
    return TestClient.all();
  }

  @BeforeEach
  void startSeam() {
    seam =
        Seam.builder("http-names")
            .maxConcurrency(1)
            .maxQueued(0)
            .timeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stopAll() throws IOException {
    release.countDown();
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

  private URI stallingServer() throws IOException {
    server = new LoopbackServer(LoopbackServer.stallHeaders());
    return server.uri(PATH + "?token=secret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void timeoutNamesMethodAndTarget(TestClient.Factory factory) throws Exception {
    URI uri = stallingServer();
    CompletableFuture<?> f =
        client(factory).get(uri, HttpOptions.defaults().withTimeout(Duration.ofMillis(300)));
    // Seam's deadline or the client's own timeout (set to the same time left) may win: both name
    // it.
    SeamException failure = failure(f);
    assertNamed(failure, uri);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void rejectionNamesMethodAndTarget(TestClient.Factory factory) throws Exception {
    URI uri = stallingServer();
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Object> holder =
        seam.call(
            call -> {
              holding.countDown();
              return release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            });
    assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    SeamException failure = failure(f);
    assertThat(failure).isInstanceOf(SeamRejectedException.class);
    assertThat(failure.getMessage()).startsWith("seam 'http-names' rejected call \"GET http://");
    assertNamed(failure, uri);
    release.countDown();
    holder.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void connectionRefusedNamesMethodTargetAndHostPort(TestClient.Factory factory) throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket()) {
      closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = closed.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + PATH + "?token=secret");
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    SeamException failure = failure(f);
    assertThat(failure).isInstanceOf(SeamCallException.class);
    assertNamed(failure, uri);
    assertThat(failure.getCause().toString()).contains("127.0.0.1:" + port);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void callersCancelNamesMethodAndTarget(TestClient.Factory factory) throws Exception {
    URI uri = stallingServer();
    CompletableFuture<?> f = client(factory).get(uri, HttpOptions.defaults());
    assertThat(server.stalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(f.cancel(true)).isTrue();
    CancellationException thrown = null;
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (CancellationException e) {
      thrown = e;
    }
    assertThat(thrown).isNotNull();
    // Java 17 throws the SeamCancellationException itself; later JDKs wrap it as their cause.
    Throwable seamCancel = thrown;
    while (seamCancel != null && !(seamCancel instanceof SeamCancellationException)) {
      seamCancel = seamCancel.getCause();
    }
    assertThat(seamCancel).isNotNull();
    assertThat(seamCancel.getMessage()).contains("seam 'http-names'");
    assertNamed(seamCancel, uri);
    assertThat(messages(thrown)).noneMatch(m -> m.contains("secret"));
  }

  @Test
  void urlConnectionWithItsOwnRequestIsNamedByTargetAloneWithoutUserInfo() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Object> holder =
        seam.call(
            call -> {
              holding.countDown();
              return release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            });
    assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    URI uri = URI.create("http://alice:hunter2@127.0.0.1:9/orders/42?token=secret");
    CompletableFuture<?> f =
        AsyncUrlConnection.create(seam)
            .exchange(
                uri.toURL(),
                HttpOptions.defaults(),
                connection -> connection.setRequestMethod("DELETE"),
                (connection, body) -> "unread");
    SeamException failure = failure(f);
    // The method is set on the worker, after submission: the name is the target alone.
    assertThat(failure.getMessage()).contains("call \"http://127.0.0.1:9/orders/42\"");
    assertThat(messages(failure)).noneMatch(m -> m.contains("secret") || m.contains("hunter2"));
    release.countDown();
    holder.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void userInfoAndQueryStayOutOfTheName() {
    URI uri = URI.create("https://alice:hunter2@api.example:8443/a%20b/c?token=secret#frag");
    assertThat(Exchanges.callName("POST", uri)).isEqualTo("POST https://api.example:8443/a%20b/c");
    assertThat(Exchanges.callName(null, URI.create("http://[::1]/x?token=secret")))
        .isEqualTo("http://[::1]:80/x");
    assertThat(
            Exchanges.callName("GET", URI.create("http://bob:pw@my_service:8080/z?token=secret")))
        .isEqualTo("GET http://my_service:8080/z");
    assertThat(Exchanges.callName("GET", "https", "::1", -1, "/y"))
        .isEqualTo("GET https://[::1]:443/y");
  }

  /** The top exception names the call; no message anywhere in the exception holds the secret. */
  private static void assertNamed(Throwable failure, URI uri) {
    String name = "GET http://127.0.0.1:" + uri.getPort() + PATH;
    assertThat(failure.getMessage()).contains("call \"" + name + "\"");
    assertThat(messages(failure)).noneMatch(m -> m.contains("secret"));
  }

  /** Every message in the cause chain and among suppressed exceptions, and each toString. */
  private static List<String> messages(Throwable top) {
    List<String> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(top));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (t == null || !seen.add(t)) {
        continue;
      }
      out.add(String.valueOf(t.getMessage()));
      out.add(t.toString());
      todo.add(t.getCause());
      todo.addAll(List.of(t.getSuppressed()));
    }
    return out;
  }

  private static SeamException failure(CompletableFuture<?> f) throws Exception {
    try {
      Object value = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SeamException.class);
      return (SeamException) e.getCause();
    }
  }
}
