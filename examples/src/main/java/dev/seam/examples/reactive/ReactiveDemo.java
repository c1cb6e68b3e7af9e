package dev.seam.examples.reactive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.reactor.SeamServerSentEvents;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A small WebFlux service on Reactor Netty over a sync DAO on H2: {@link ReactiveOrders}' routes,
 * two seams (the orders database, sized by its pool, and the reprice jobs) and nothing else. Port
 * 8081 unless {@code -Dseam.reactive.port} says otherwise.
 */
public final class ReactiveDemo implements AutoCloseable {
  private final HikariDataSource pool;
  private final Seam ordersDb;
  private final AsyncJdbc jdbc;
  private final Seam jobs;
  private final DisposableServer server;

  private ReactiveDemo(int port, int orders, Duration stepPause) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("reactive-orders");
    config.setJdbcUrl("jdbc:h2:mem:reactive-orders-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    OrderDao dao = new OrderDao();
    try (Connection c = pool.getConnection()) {
      dao.createSchema(c, orders);
    }
    ordersDb = AsyncJdbc.seamFor("orders-db", pool).build();
    jdbc = AsyncJdbc.builder(pool, ordersDb).build();
    jobs = Seam.builder("reprice-jobs").maxConcurrency(4).maxQueued(0).build();
    SeamServerSentEvents progress = SeamServerSentEvents.builder(jobs).build();
    ReactiveOrders routes = new ReactiveOrders(jdbc, pool, dao, progress, stepPause);
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(port)
            .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes.routes())))
            .bindNow();
  }

  /**
   * Starts the service.
   *
   * @param port the port, or 0 for a free one
   * @param orders how many orders the database starts with
   * @param stepPause the blocking work of one reprice step
   * @return the running service
   * @throws SQLException if the database cannot be set up
   */
  public static ReactiveDemo start(int port, int orders, Duration stepPause) throws SQLException {
    return new ReactiveDemo(port, orders, stepPause);
  }

  /**
   * Where the service listens.
   *
   * @return its base URI
   */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * The seam the reprice jobs run on.
   *
   * @return the jobs seam
   */
  public Seam jobs() {
    return jobs;
  }

  /**
   * The seam the DAO's reads run on.
   *
   * @return the orders database's seam
   */
  public Seam ordersDb() {
    return ordersDb;
  }

  @Override
  public void close() {
    server.disposeNow();
    jobs.close();
    jdbc.close();
    ordersDb.close();
    pool.close();
  }

  /**
   * Runs the service until the JVM is stopped.
   *
   * @param args ignored
   * @throws Exception if the service cannot start
   */
  public static void main(String[] args) throws Exception {
    ReactiveDemo demo =
        start(Integer.getInteger("seam.reactive.port", 8081), 200, Duration.ofMillis(100));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                },
                "reactive-demo-shutdown"));
    System.out.printf(
        "Reactive demo at %s: GET /orders/7, GET /orders/reprice/progress (SSE); Ctrl-C stops.%n",
        demo.uri());
    stopped.await();
  }
}
