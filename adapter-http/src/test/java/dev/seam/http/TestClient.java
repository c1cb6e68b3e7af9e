package dev.seam.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.seam.Seam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;

/** One HTTP client behind its Seam adapter, reduced to "GET this URI and read the body as text". */
interface TestClient extends AutoCloseable {

  /** GETs the URI; the future is the adapter's own, so cancelling it cancels the call. */
  CompletableFuture<?> get(URI uri, HttpOptions options) throws IOException;

  /** The body text of a result of {@link #get}. */
  default String text(Object result) {
    return (String) result;
  }

  /** GETs the URI with a handler that throws {@code IOException("handler failed")} unread. */
  CompletableFuture<?> getWithFailingHandler(URI uri) throws IOException;

  /**
   * GETs the URI with a handler that neither reads nor closes the body; null for clients whose
   * adapter hands an open body to the caller instead of closing it (java.net.http's streaming
   * handlers).
   */
  default CompletableFuture<?> getLeavingBodyUnread(URI uri) throws IOException {
    return null;
  }

  /** Counted down when the client has read the first body byte (java.net.http: the headers). */
  CountDownLatch firstByte();

  /** Connections the client's pool has lent out and not got back; -1 if it cannot tell. */
  default int leasedConnections() {
    return -1;
  }

  @Override
  default void close() throws IOException {}

  /** A named way to make a client for a seam, for parameterized tests. */
  final class Factory {
    final String name;
    final Function<Seam, TestClient> create;

    Factory(String name, Function<Seam, TestClient> create) {
      this.name = name;
      this.create = create;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Factory[] all() {
    return new Factory[] {
      new Factory("HttpURLConnection", TestClient::urlConnection),
      new Factory("java.net.http", TestClient::jdk),
      new Factory("Apache HttpClient 5", TestClient::apache),
      new Factory("OkHttp", TestClient::okHttp),
    };
  }

  static TestClient urlConnection(Seam seam) {
    AsyncUrlConnection http = AsyncUrlConnection.create(seam);
    CountDownLatch firstByte = new CountDownLatch(1);
    return new TestClient() {
      @Override
      public CompletableFuture<?> get(URI uri, HttpOptions options) throws IOException {
        return http.exchange(
            uri.toURL(),
            options,
            UrlConnectionRequest.GET,
            (connection, body) -> readText(body, firstByte));
      }

      @Override
      public CompletableFuture<?> getWithFailingHandler(URI uri) throws IOException {
        return http.exchange(
            uri.toURL(),
            (connection, body) -> {
              throw new IOException("handler failed");
            });
      }

      @Override
      public CompletableFuture<?> getLeavingBodyUnread(URI uri) throws IOException {
        return http.exchange(uri.toURL(), (connection, body) -> "unread");
      }

      @Override
      public CountDownLatch firstByte() {
        return firstByte;
      }
    };
  }

  /** Reads a body as UTF-8 text, signalling once the first byte arrived. */
  private static String readText(InputStream body, CountDownLatch firstByte) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int first = body.read();
    firstByte.countDown();
    if (first >= 0) {
      out.write(first);
      body.transferTo(out);
    }
    return out.toString(UTF_8);
  }

  static TestClient jdk(Seam seam) {
    AsyncJdkHttp http =
        AsyncJdkHttp.create(
            seam, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    CountDownLatch firstByte = new CountDownLatch(1);
    return new TestClient() {
      @Override
      public CompletableFuture<?> get(URI uri, HttpOptions options) {
        return http.send(
            HttpRequest.newBuilder(uri).build(),
            options,
            info -> {
              firstByte.countDown(); // send() blocks the worker alike in headers and body
              return HttpResponse.BodySubscribers.ofString(UTF_8);
            });
      }

      @Override
      public CompletableFuture<?> getWithFailingHandler(URI uri) {
        return http.send(
            HttpRequest.newBuilder(uri).build(),
            info -> {
              throw new UncheckedIOException(new IOException("handler failed"));
            });
      }

      @Override
      public CountDownLatch firstByte() {
        return firstByte;
      }

      @Override
      public String text(Object result) {
        return (String) ((HttpResponse<?>) result).body();
      }
    };
  }

  static TestClient apache(Seam seam) {
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
    CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).build();
    AsyncApacheHttp http = AsyncApacheHttp.create(seam, client);
    CountDownLatch firstByte = new CountDownLatch(1);
    return new TestClient() {
      @Override
      public CompletableFuture<?> get(URI uri, HttpOptions options) {
        return http.execute(
            new HttpGet(uri),
            options,
            response -> readText(response.getEntity().getContent(), firstByte));
      }

      @Override
      public CompletableFuture<?> getWithFailingHandler(URI uri) {
        return http.execute(
            new HttpGet(uri),
            response -> {
              throw new IOException("handler failed");
            });
      }

      @Override
      public CompletableFuture<?> getLeavingBodyUnread(URI uri) {
        return http.execute(new HttpGet(uri), response -> "unread");
      }

      @Override
      public CountDownLatch firstByte() {
        return firstByte;
      }

      @Override
      public int leasedConnections() {
        return pool.getTotalStats().getLeased();
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  static TestClient okHttp(Seam seam) {
    OkHttpClient client = new OkHttpClient();
    AsyncOkHttp http = AsyncOkHttp.create(seam, client);
    CountDownLatch firstByte = new CountDownLatch(1);
    return new TestClient() {
      @Override
      public CompletableFuture<?> get(URI uri, HttpOptions options) {
        return http.execute(
            new Request.Builder().url(uri.toString()).build(),
            options,
            response -> readText(response.body().byteStream(), firstByte));
      }

      @Override
      public CompletableFuture<?> getWithFailingHandler(URI uri) {
        return http.execute(
            new Request.Builder().url(uri.toString()).build(),
            response -> {
              throw new IOException("handler failed");
            });
      }

      @Override
      public CompletableFuture<?> getLeavingBodyUnread(URI uri) {
        return http.execute(
            new Request.Builder().url(uri.toString()).build(), response -> "unread");
      }

      @Override
      public CountDownLatch firstByte() {
        return firstByte;
      }

      @Override
      public int leasedConnections() {
        return client.connectionPool().connectionCount()
            - client.connectionPool().idleConnectionCount();
      }

      @Override
      public void close() {
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
      }
    };
  }
}
