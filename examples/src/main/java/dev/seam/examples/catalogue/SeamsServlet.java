package dev.seam.examples.catalogue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code GET /api/seams}: every seam's live stats as JSON (see {@link SeamsReport}). */
final class SeamsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<String> report;

  SeamsServlet(Supplier<String> report) {
    this.report = report;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Cache-Control", "no-cache");
    ProductServlet.write(resp, 200, report.get());
  }
}
