package dev.seam.examples.catalogue;

import dev.seam.examples.catalogue.PricingService.Chaos;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code GET /api/chaos} shows the pricing service's latency and error rate; {@code POST
 * /api/chaos?latencyMs=800&errorRate=0.3} changes them, so a visitor can watch deadlines,
 * degradation and rejections happen. A bad value answers 400 naming it.
 */
final class ChaosServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient PricingService pricing;

  ChaosServlet(PricingService pricing) {
    this.pricing = pricing;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ProductServlet.write(resp, 200, json(pricing.chaos()));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Chaos now = pricing.chaos();
    Chaos next;
    try {
      long latency = (long) number(req, "latencyMs", (double) now.latency().toMillis());
      next = new Chaos(Duration.ofMillis(latency), number(req, "errorRate", now.errorRate()));
    } catch (IllegalArgumentException e) {
      ProductServlet.write(resp, 400, Json.object().put("error", e.getMessage()).toString());
      return;
    }
    pricing.chaos(next);
    ProductServlet.write(resp, 200, json(next));
  }

  private static double number(HttpServletRequest req, String name, double fallback) {
    String value = req.getParameter(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: '" + value + "'", e);
    }
  }

  private static String json(Chaos chaos) {
    return Json.object()
        .put("latencyMs", chaos.latency().toMillis())
        .put("errorRate", chaos.errorRate())
        .toString();
  }
}
