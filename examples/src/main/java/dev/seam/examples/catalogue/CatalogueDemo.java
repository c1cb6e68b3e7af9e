package dev.seam.examples.catalogue;

import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * The README's first command: starts the catalogue service, prints its URL, and on Ctrl-C says
 * goodbye to open streams, closes the seams and exits without a stack trace.
 *
 * <p>Port 8080 unless {@code -Dseam.demo.port} says otherwise; when the port is taken it says so
 * and takes a free one.
 */
public final class CatalogueDemo {
  private CatalogueDemo() {}

  /**
   * Runs the demo until the JVM is stopped.
   *
   * @param args ignored; settings are system properties (see {@link CatalogueConfig#from})
   * @throws Exception if the service cannot start
   */
  public static void main(String[] args) throws Exception {
    CatalogueConfig config;
    try {
      config = CatalogueConfig.from(System.getProperties());
    } catch (IllegalArgumentException e) {
      System.err.println("catalogue demo: " + e.getMessage());
      return;
    }
    CatalogueServer server;
    try {
      server = CatalogueServer.start(config);
    } catch (BindException e) {
      System.out.printf(
          "Port %d is in use; taking a free port instead (choose one with -Dseam.demo.port=...)%n",
          config.port());
      server = CatalogueServer.start(config.withPort(0));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CatalogueServer running = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  int streams = running.openStreams();
                  running.close();
                  System.out.printf(
                      "%nStopped: %d open stream(s) told to come back later, seams closed.%n",
                      streams);
                  stopped.countDown();
                },
                "catalogue-shutdown"));
    System.out.printf(
        "Catalogue demo running at %s  (%d products; pricing %d ms, %.0f %% errors)%n"
            + "Open it in a browser; press Ctrl-C to stop.%n",
        server.uri(),
        config.products(),
        config.pricingLatency().toMillis(),
        config.pricingErrorRate() * 100);
    stopped.await();
  }
}
