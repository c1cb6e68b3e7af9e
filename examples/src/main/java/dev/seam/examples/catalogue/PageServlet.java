package dev.seam.examples.catalogue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /}: the demo's one page, plain HTML and JavaScript with no build step. */
final class PageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final byte[] page;

  PageServlet() {
    try (InputStream in = PageServlet.class.getResourceAsStream("/catalogue/index.html")) {
      if (in == null) {
        throw new IllegalStateException("catalogue/index.html missing from the class path");
      }
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    if (!path.equals("/") && !path.isEmpty() && !path.equals("/index.html")) {
      ProductServlet.write(resp, 404, Json.object().put("error", "no page " + path).toString());
      return;
    }
    resp.setContentType("text/html");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.getOutputStream().write(page);
  }
}
