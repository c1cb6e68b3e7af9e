package dev.seam.examples.catalogue;

import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /api/jobs/reprice} starts a job and answers its id; {@code GET /api/jobs/{id}} is its
 * progress as JSON; {@code GET /api/jobs/{id}/events} streams its progress as Server-Sent Events.
 *
 * <p>Each job's events are served by an {@link SseServlet} over the job's broadcaster, so a watcher
 * holds no seam worker or thread, only its buffer; it resumes from {@code Last-Event-ID} through
 * the broadcaster's replay log. Must be registered with async support. Thread-safe.
 */
final class JobsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient RepriceJobs jobs;
  private final transient SseEndpoint sse;
  private final int products;
  private final transient Map<String, SseServlet> streams = new ConcurrentHashMap<>();

  JobsServlet(RepriceJobs jobs, SseEndpoint sse, int products) {
    this.jobs = jobs;
    this.sse = sse;
    this.products = products;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/reprice".equals(req.getPathInfo())) {
      ProductServlet.write(resp, 404, Json.object().put("error", "no such job action").toString());
      return;
    }
    try {
      RepriceJob job = jobs.start(products).join();
      resp.setHeader("Location", "/api/jobs/" + job.id());
      ProductServlet.write(
          resp,
          202,
          Json.object()
              .put("id", job.id())
              .put("events", "/api/jobs/" + job.id() + "/events")
              .toString());
    } catch (RuntimeException e) {
      ProductServlet.write(
          resp,
          Outcome.status(e),
          Json.object().put("error", "no job started: jobs seam " + Outcome.reason(e)).toString());
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp)
      throws IOException, ServletException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    boolean events = path.endsWith("/events");
    String id = path.substring(1, events ? path.length() - "/events".length() : path.length());
    Optional<RepriceJob> job = jobs.find(id);
    if (job.isEmpty()) {
      ProductServlet.write(resp, 404, Json.object().put("error", "no job '" + id + "'").toString());
    } else if (events) {
      streams.computeIfAbsent(id, k -> new SseServlet(sse, job.get().events())).service(req, resp);
      if (!job.get().running()) {
        streams.remove(id); // a finished job's servlet answers 204 from now on; no need to keep it
      }
    } else {
      ProductServlet.write(resp, 200, job.get().json());
    }
  }
}
