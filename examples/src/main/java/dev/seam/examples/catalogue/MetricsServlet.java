package dev.seam.examples.catalogue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the seams' meters (seam-micrometer) in Prometheus' text format. */
final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient PrometheusMeterRegistry registry;

  MetricsServlet(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
