package dev.seam.examples.catalogue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: the demo's one page, plain HTML and JavaScript with no build step, and its icon
 * ({@code /favicon.ico}, which browsers ask for whatever the page says).
 */
final class PageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  // A stitched seam, as SVG: every current browser takes it, also from /favicon.ico.
  private static final byte[] ICON =
      ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
              + "<rect width='16' height='16' rx='3' fill='#2f7d32'/>"
              + "<path d='M8 1v14' stroke='#fff' stroke-width='1.5' stroke-dasharray='2 1.5'/>"
              + "</svg>")
          .getBytes(StandardCharsets.UTF_8);

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
    if (path.equals("/favicon.ico") || path.equals("/favicon.svg")) {
      resp.setContentType("image/svg+xml");
      resp.setHeader("Cache-Control", "max-age=86400");
      resp.getOutputStream().write(ICON);
      return;
    }
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
