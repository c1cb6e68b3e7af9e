package dev.seam.examples.catalogue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy, blocking pricing client: one {@code quote} blocks its thread until the pricing
 * service answers or its timeout passes. An interrupt stops the wait ({@code HttpClient.send}
 * aborts the exchange when interrupted), which is the only lever a seam has on it.
 *
 * <p>Thread-safe.
 */
public final class PricingClient {
  private static final Pattern PRICE = Pattern.compile("\"priceCents\":(\\d+)");

  private final HttpClient http;
  private final URI base;

  /**
   * Creates the client.
   *
   * @param http the client that sends
   * @param base the pricing service, such as {@code http://127.0.0.1:40123/}
   */
  public PricingClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /**
   * The request for one product's price, for callers that send it themselves.
   *
   * @param productId the product
   * @param timeout how long the exchange may take
   * @return the request
   */
  public HttpRequest request(long productId, Duration timeout) {
    return HttpRequest.newBuilder(base.resolve("price/" + productId)).timeout(timeout).build();
  }

  /**
   * Asks the pricing service for a product's price, blocking.
   *
   * @param productId the product
   * @param timeout how long the exchange may take
   * @return the price in cents
   * @throws IOException if the service fails, answers an error, or does not answer in time
   * @throws InterruptedException if interrupted while waiting
   */
  public long quote(long productId, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request(productId, timeout), HttpResponse.BodyHandlers.ofString());
    return priceOf(response);
  }

  /**
   * Reads a price from the pricing service's response.
   *
   * @param response the response
   * @return the price in cents
   * @throws IOException if the response is an error or has no price
   */
  public static long priceOf(HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException("pricing answered " + response.statusCode());
    }
    Matcher m = PRICE.matcher(response.body());
    if (!m.find()) {
      throw new IOException("pricing answered without a price: " + response.body());
    }
    return Long.parseLong(m.group(1));
  }
}
