package dev.seam.examples.readme;

import dev.seam.Seam;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import dev.seam.sse.SseProducer;
import dev.seam.sse.SseServlet;
import dev.seam.sse.SseStatusException;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.time.Duration;

/** The README's complete SSE servlet example. */
@WebListener
public class ProgressStreams implements ServletContextListener {
  private final LegacyJobs legacyJobs = new LegacyJobs();
  private Seam jobs;
  private SseEndpoint sse;

  @Override
  public void contextInitialized(ServletContextEvent e) {
    jobs =
        Seam.builder("jobs")
            .maxConcurrency(50) // each stream holds a "jobs" worker...
            .maxQueued(0) // ...and a stream never waits in a queue without its headers
            .build();
    sse =
        SseEndpoint.builder(jobs)
            .keepAlive(Duration.ofSeconds(15)) // idle comment; also finds closed clients
            .bufferCapacity(64)
            .overflow(SseOverflow.LATEST_ONLY) // a progress bar needs only the newest value
            .maxStreams(50) // = maxConcurrency: the 51st is told to come back later
            .farewell(SseEvent.comment("restarting").retry(Duration.ofSeconds(5)))
            .build();

    SseProducer progress =
        emitter -> { // blocking code, on a "jobs" worker
          String id =
              emitter
                  .request()
                  .queryParameter("job")
                  .orElseThrow(() -> new SseStatusException(400, "job parameter missing"));
          LegacyJobs.Job job = legacyJobs.find(id); // blocking DAO call
          if (job == null) {
            throw new SseStatusException(404, "no job " + id); // a real 404
          }
          if (job.isDone()) {
            throw new SseStatusException(204, "done"); // the client stops retrying
          }
          long from = emitter.request().lastEventId().map(Long::parseLong).orElse(0L);
          for (long step = from + 1; step <= job.steps(); step++) {
            job.awaitStep(step); // blocks; interrupted if the client leaves
            emitter.send(SseEvent.of("progress", "{\"step\":" + step + "}").id(step));
          }
          emitter.send(SseEvent.of("done", "{}"));
        }; // returning ends the stream cleanly

    ServletRegistration.Dynamic reg =
        e.getServletContext().addServlet("progress", new SseServlet(sse, progress));
    reg.setAsyncSupported(true); // required: the stream is an async response
    reg.addMapping("/jobs/progress");
  }

  @Override
  public void contextDestroyed(ServletContextEvent e) {
    sse.close(); // farewell, producers cancelled, within 5 s
    jobs.close();
  }
}
