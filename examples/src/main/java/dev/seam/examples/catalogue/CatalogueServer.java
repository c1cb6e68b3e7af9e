package dev.seam.examples.catalogue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.examples.catalogue.PricingService.Chaos;
import dev.seam.http.AsyncJdkHttp;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.micrometer.SeamMetrics;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import dev.seam.sse.SseServlet;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The catalogue demo service, wired: an H2 database behind a legacy DAO, a slow in-process pricing
 * service behind a legacy blocking client, one seam per downstream, and an async shell on Jetty 12
 * (Servlet async) with Server-Sent Events from adapter-sse.
 *
 * <table>
 *   <caption>Seams</caption>
 *   <tr><th>seam</th><th>limits</th><th>runs</th></tr>
 *   <tr><td>catalog-db</td><td>8 (the pool) / 100, 2 s</td><td>DAO reads, job updates</td></tr>
 *   <tr><td>pricing</td><td>8 / 8, budget + 250 ms</td><td>page prices (legacy client)</td></tr>
 *   <tr><td>pricing-batch</td><td>16 / 16, 1 s</td><td>job prices (AsyncJdkHttp)</td></tr>
 *   <tr><td>jobs</td><td>2 / 2, 30 min</td><td>job drivers</td></tr>
 *   <tr><td>sse</td><td>1 / 0</td><td>nothing: every stream is a broadcast subscriber</td></tr>
 * </table>
 *
 * <p>{@link #close()} says goodbye to open streams first (a farewell event with a retry hint), then
 * stops Jetty, cancels running jobs and closes every seam, the pricing service and the pool.
 * Thread-safe; {@code close} is idempotent.
 */
public final class CatalogueServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final int POOL_SIZE = 10;
  private static final int BATCH_WRITERS = 2;

  private final CatalogueConfig config;
  private final HikariDataSource pool;
  private final PricingService pricingService;
  private final List<Seam> seams;
  private final SseEndpoint sse;
  private final SseBroadcaster statsEvents;
  private final RepriceJobs jobs;
  private final ScheduledExecutorService ticker;
  private final Server jetty;
  private final PrometheusMeterRegistry registry;
  private volatile boolean closed;

  private CatalogueServer(CatalogueConfig config) throws Exception {
    this.config = config;
    this.pool = pool();
    ProductDao dao = new ProductDao(pool);
    dao.seed(config.products());
    this.pricingService =
        PricingService.start(new Chaos(config.pricingLatency(), config.pricingErrorRate()));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the legacy service speaks nothing else
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    PricingClient pricing = new PricingClient(http, pricingService.uri());

    // Every seam's gauges, outcome counters and timers, scraped at /metrics.
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SeamMetrics metrics = SeamMetrics.of(registry);
    // Two lanes on one pool: page reads on 8 connections, the reprice job's writes on the other 2,
    // so a job's burst of writes waits in its own queue, never in front of a visitor's read.
    Seam catalogDb =
        metrics.instrument(
            AsyncJdbc.seamFor("catalog-db", pool)
                .maxConcurrency(POOL_SIZE - BATCH_WRITERS)
                .maxQueued(100)
                .timeout(Duration.ofSeconds(2)));
    Seam catalogWrites =
        metrics.instrument(
            AsyncJdbc.seamFor("catalog-db-batch", pool)
                .maxConcurrency(BATCH_WRITERS)
                .maxQueued(64) // more than the job ever has in flight
                .timeout(Duration.ofSeconds(5))
                .queueLagWarning(Duration.ofSeconds(2))); // the job keeps this queue busy
    Seam pricingSeam =
        metrics.instrument(
            Seam.builder("pricing")
                .maxConcurrency(8)
                .maxQueued(8)
                .timeout(config.priceBudget().plusMillis(250)));
    Seam batch =
        metrics.instrument(
            Seam.builder("pricing-batch")
                .maxConcurrency(16)
                .maxQueued(16)
                .timeout(Duration.ofSeconds(1))
                .queueLagWarning(Duration.ofSeconds(1))); // the job keeps this queue busy
    Seam jobsSeam =
        metrics.instrument(
            Seam.builder("jobs").maxConcurrency(2).maxQueued(2).timeout(Duration.ofMinutes(30)));
    Seam sseSeam = metrics.instrument(Seam.builder("sse").maxConcurrency(1).maxQueued(0));
    this.seams = List.of(catalogDb, catalogWrites, pricingSeam, batch, jobsSeam, sseSeam);

    this.sse =
        SseEndpoint.builder(sseSeam)
            .keepAlive(config.keepAlive())
            .overflow(SseOverflow.LATEST_ONLY) // progress and dashboards need only the newest
            .maxStreams(200) // subscribers hold no worker, only a 64-event buffer
            .farewell(SseEvent.comment("catalogue stopping").retry(Duration.ofSeconds(5)))
            .shutdownGrace(Duration.ofSeconds(2))
            .build();
    this.statsEvents = SseBroadcaster.create("seams");
    this.jobs =
        new RepriceJobs(
            jobsSeam,
            batch,
            AsyncJdkHttp.create(batch, http),
            AsyncJdbc.builder(pool, catalogWrites).build(),
            dao,
            pricing,
            config.progressEvery());
    SeamsReport report = new SeamsReport(seams, sse, jobs, pricingService);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "catalogue-stats");
              t.setDaemon(true);
              return t;
            });
    ScheduledFuture<?> unused =
        ticker.scheduleAtFixedRate(
            () -> statsEvents.send(SseEvent.of("stats", report.get())), 1, 1, TimeUnit.SECONDS);

    this.jetty = jetty(config.port());
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    add(
        context,
        "products",
        new ProductServlet(catalogDb, pricingSeam, dao, pricing, config.priceBudget()),
        "/api/products/*");
    add(context, "jobs", new JobsServlet(jobs, sse, config.products()), "/api/jobs/*");
    add(context, "seams", new SeamsServlet(report), "/api/seams");
    add(context, "seams-events", new SseServlet(sse, statsEvents), "/api/seams/events");
    add(context, "chaos", new ChaosServlet(pricingService), "/api/chaos");
    add(context, "metrics", new MetricsServlet(registry), "/metrics");
    add(context, "page", new PageServlet(), "/");
    jetty.setHandler(context);
    // Jetty's stop closes connections before servlets are destroyed: say goodbye first.
    jetty.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopping(LifeCycle event) {
            sse.close();
          }
        });
  }

  /**
   * Builds and starts the service.
   *
   * @param config the settings; port 0 picks a free port
   * @return the running service
   * @throws BindException if the port is taken
   * @throws Exception if anything else fails to start; what started is closed again
   */
  public static CatalogueServer start(CatalogueConfig config) throws Exception {
    CatalogueServer server = new CatalogueServer(config);
    try {
      server.jetty.start();
    } catch (Exception e) {
      server.close();
      Throwable bind = e;
      while (bind != null && !(bind instanceof BindException)) {
        bind = bind.getCause();
      }
      if (bind != null) {
        BindException taken = new BindException("port " + config.port() + " is in use");
        taken.initCause(e);
        throw taken;
      }
      throw e;
    }
    return server;
  }

  private static HikariDataSource pool() {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(
        "jdbc:h2:mem:catalogue-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    hikari.setUsername("sa");
    hikari.setPassword("");
    hikari.setMaximumPoolSize(POOL_SIZE);
    hikari.setPoolName("catalog-db");
    return new HikariDataSource(hikari);
  }

  private static Server jetty(int port) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("catalogue-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setStopTimeout(2_000);
    return server;
  }

  private static void add(
      ServletContextHandler context, String name, HttpServlet servlet, String path) {
    ServletHolder holder = new ServletHolder(name, servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
  }

  /**
   * Where the service listens.
   *
   * @return for example {@code http://localhost:8080/}
   */
  public URI uri() {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    return URI.create("http://localhost:" + port + "/");
  }

  /**
   * The settings it runs with.
   *
   * @return the settings
   */
  public CatalogueConfig config() {
    return config;
  }

  /**
   * The open SSE streams (job watchers and stats panels).
   *
   * @return the count
   */
  public int openStreams() {
    return sse.openStreams();
  }

  /**
   * The seams, for tests and tools that read their stats.
   *
   * @return catalog-db, pricing, pricing-batch, jobs, sse
   */
  public List<Seam> seams() {
    return seams;
  }

  /**
   * Says goodbye to open streams, stops the web server, cancels running jobs, closes the seams, the
   * pricing service and the database. Blocks for a few seconds at most. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sse.close();
    jobs.close();
    try {
      jetty.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // kept; what follows still closes the rest
    } catch (Exception e) {
      // Stopping is best effort: what follows still closes the seams and the database.
    }
    ticker.shutdownNow();
    statsEvents.close();
    seams.forEach(Seam::close);
    pricingService.close();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already gone: nothing to shut down.
    }
    pool.close();
  }
}
