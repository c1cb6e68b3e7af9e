package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.common.util.concurrent.Futures;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.testing.SeamLeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's examples run, not only compile (see {@link ReadmeSnippetsTest}). */
@ExtendWith(SeamLeakCheck.class)
class ReadmeExamplesTest {

  private static void schema(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, total BIGINT DEFAULT 0,"
              + " status VARCHAR(10) DEFAULT 'OPEN', sku VARCHAR(20))");
      s.execute("CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty BIGINT)");
      s.execute("INSERT INTO orders (total, sku) VALUES (1200, 'A-1'), (800, 'A-1')");
      s.execute("INSERT INTO stock VALUES ('A-1', 10)");
    }
  }

  @Test
  void coreExampleRunsItsCallsAndReportsThem() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(1)).thenReturn(new Order(1, 1200));
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:readme-core")) {
      schema(c);
      SeamStats stats = CoreExample.run(legacy, c, 1);
      assertThat(stats.succeeded()).isEqualTo(2);
    }
  }

  @Test
  void jdbcExampleQueriesUpdatesAndStreams() throws Exception {
    String url = "jdbc:h2:mem:readme-jdbc;DB_CLOSE_DELAY=-1";
    try (Connection keep = DriverManager.getConnection(url)) {
      schema(keep);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(4);
      assertThat(JdbcExample.run(config, new OrderDao(), 1, "A-1")).isEqualTo(9);
      try (Statement s = keep.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }
  }

  @Test
  void httpExampleReadsTheBodyOnTheSeam() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/items/42",
        x -> {
          byte[] body = "7 in stock".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/items/42";
      // Load OkHttp's classes first: the example's 300 ms budget is for a request, not for that.
      try (okhttp3.Response warm =
          new okhttp3.OkHttpClient()
              .newCall(new okhttp3.Request.Builder().url(url).build())
              .execute()) {
        assertThat(warm.code()).isEqualTo(200);
      }
      assertThat(HttpExample.run(url)).isEqualTo("7 in stock");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void migrationShellAndScopeBuildThePage() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(5)).thenReturn(new Order(5, 500));
    when(legacy.countOpen("c-1")).thenReturn(2);
    try (Seam ordersDb = Seam.builder("orders-db").build();
        Seam stockApi = Seam.builder("stock-api").build()) {
      AsyncOrders orders = MigrationExample.shell(legacy, ordersDb);
      assertThat(orders.summary(5, "c-1").join()).isEqualTo(new OrderSummary(new Order(5, 500), 2));
      Page page =
          MigrationExample.page(legacy, sku -> new Stock(sku, 3), ordersDb, stockApi, 5, "S");
      assertThat(page).isEqualTo(new Page(new Order(5, 500), new Stock("S", 3)));
    }
  }

  @Test
  void interopExampleRetriesAndConvertsFutures() throws Exception {
    LegacyOrders legacy = mock(LegacyOrders.class);
    when(legacy.find(9)).thenReturn(new Order(9, 900));
    try (Seam ordersDb = Seam.builder("orders-db").build()) {
      AsyncOrders orders = MigrationExample.shell(legacy, ordersDb);
      Stock stock =
          InteropExample.run(
              ordersDb, legacy, orders, Futures.immediateFuture(new Stock("G", 1)), 9);
      assertThat(stock).isEqualTo(new Stock("G", 1));
    }
  }

  /** Reads a publisher to its end, one item at a time. */
  static void drain(Flow.Publisher<?> publisher) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<Object>() {
          private Flow.Subscription s;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            s = subscription;
            s.request(1);
          }

          @Override
          public void onNext(Object item) {
            s.request(1);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            done.complete(null);
          }
        });
    done.join();
  }
}
