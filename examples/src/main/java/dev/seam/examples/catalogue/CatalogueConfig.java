package dev.seam.examples.catalogue;

import java.time.Duration;
import java.util.Properties;

/**
 * The catalogue demo's settings, read from system properties ({@code -Dseam.demo.port=9090}) so the
 * README's command needs none. Immutable.
 *
 * @param port the web port; 0 picks a free one (tests)
 * @param products how many products the database is seeded with
 * @param pricingLatency the pricing service's normal latency per request
 * @param pricingErrorRate the share of pricing requests that fail with 503, from 0 to 1
 * @param priceBudget how long a product page waits for its price before it says "price unavailable"
 * @param progressEvery a job sends a progress event after this many products
 * @param keepAlive the SSE keep-alive interval, which also bounds how fast a vanished client is
 *     found
 */
public record CatalogueConfig(
    int port,
    int products,
    Duration pricingLatency,
    double pricingErrorRate,
    Duration priceBudget,
    int progressEvery,
    Duration keepAlive) {

  /** The default web port. */
  public static final int DEFAULT_PORT = 8080;

  /** Validates every setting, naming the bad value. */
  public CatalogueConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    if (products < 1) {
      throw new IllegalArgumentException("products < 1: " + products);
    }
    if (pricingLatency.isNegative()) {
      throw new IllegalArgumentException("pricing latency negative: " + pricingLatency);
    }
    if (!(pricingErrorRate >= 0 && pricingErrorRate <= 1)) {
      throw new IllegalArgumentException("pricing error rate outside 0..1: " + pricingErrorRate);
    }
    if (priceBudget.isNegative() || priceBudget.isZero()) {
      throw new IllegalArgumentException("price budget not positive: " + priceBudget);
    }
    if (progressEvery < 1) {
      throw new IllegalArgumentException("progressEvery < 1: " + progressEvery);
    }
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keep-alive not positive: " + keepAlive);
    }
  }

  /**
   * The demo's defaults: port 8080, 2,000 products, pricing at 20 ms with 2 % errors, a 250 ms
   * price budget; a job then takes about ten seconds.
   *
   * @return the defaults
   */
  public static CatalogueConfig defaults() {
    return new CatalogueConfig(
        DEFAULT_PORT,
        2_000,
        Duration.ofMillis(20),
        0.02,
        Duration.ofMillis(250),
        25,
        Duration.ofSeconds(15));
  }

  /**
   * The defaults, overridden by {@code seam.demo.port}, {@code seam.demo.products}, {@code
   * seam.demo.latencyMs} and {@code seam.demo.errorRate}.
   *
   * @param props usually {@link System#getProperties()}
   * @return the settings
   * @throws IllegalArgumentException if a value is not a number or out of range, naming it
   */
  public static CatalogueConfig from(Properties props) {
    CatalogueConfig d = defaults();
    return new CatalogueConfig(
        (int) number(props, "seam.demo.port", d.port()),
        (int) number(props, "seam.demo.products", d.products()),
        Duration.ofMillis(
            (long) number(props, "seam.demo.latencyMs", (double) d.pricingLatency().toMillis())),
        number(props, "seam.demo.errorRate", d.pricingErrorRate()),
        d.priceBudget(),
        d.progressEvery(),
        d.keepAlive());
  }

  private static double number(Properties props, String key, double fallback) {
    String value = props.getProperty(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: '" + value + "'", e);
    }
  }

  /**
   * A copy on another port.
   *
   * @param newPort the port
   * @return the copy
   */
  public CatalogueConfig withPort(int newPort) {
    return new CatalogueConfig(
        newPort, products, pricingLatency, pricingErrorRate, priceBudget, progressEvery, keepAlive);
  }

  /**
   * A copy with other pricing behaviour.
   *
   * @param latency normal latency
   * @param errorRate share of 503s
   * @return the copy
   */
  public CatalogueConfig withPricing(Duration latency, double errorRate) {
    return new CatalogueConfig(
        port, products, latency, errorRate, priceBudget, progressEvery, keepAlive);
  }

  /**
   * A copy with another seeded size and progress granularity.
   *
   * @param count products seeded
   * @param every products per progress event
   * @return the copy
   */
  public CatalogueConfig withProducts(int count, int every) {
    return new CatalogueConfig(
        port, count, pricingLatency, pricingErrorRate, priceBudget, every, keepAlive);
  }

  /**
   * A copy with another keep-alive interval.
   *
   * @param interval the interval
   * @return the copy
   */
  public CatalogueConfig withKeepAlive(Duration interval) {
    return new CatalogueConfig(
        port, products, pricingLatency, pricingErrorRate, priceBudget, progressEvery, interval);
  }
}
