package dev.seam.examples.boot;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseProducer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts reprice jobs and streams their progress. Each progress event's id is the count done, so a
 * client that reconnects with {@code Last-Event-ID} gets only what it has not seen, and a page that
 * reloads picks the job up where it is.
 */
@RestController
class JobsController {
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Repricer repricer;

  JobsController(Repricer repricer) {
    this.repricer = repricer;
  }

  @PostMapping("/api/jobs")
  String start(@RequestParam(defaultValue = "100") int items) {
    if (items < 1 || items > 100_000) {
      throw new IllegalArgumentException("items must be 1..100000: " + items);
    }
    Job job = new Job(UUID.randomUUID().toString(), items);
    jobs.put(job.id(), job);
    job.running(repricer.run(job)); // on the lane jobs; the page follows it through the stream
    return job.id();
  }

  @GetMapping("/api/jobs/{id}")
  ResponseEntity<String> progress(@PathVariable String id) {
    Job job = jobs.get(id);
    return job == null
        ? ResponseEntity.notFound().build()
        : ResponseEntity.ok(job.done() + "/" + job.total());
  }

  @DeleteMapping("/api/jobs/{id}")
  boolean cancel(@PathVariable String id) {
    Job job = jobs.get(id);
    return job != null && job.cancel();
  }

  @GetMapping("/api/jobs/{id}/events")
  SseProducer events(@PathVariable String id) {
    Job job = jobs.get(id);
    if (job == null) {
      return null; // 204: the page stops reconnecting (a job of a previous run, for example)
    }
    return emitter -> {
      int seen = emitter.request().lastEventId().map(Integer::parseInt).orElse(-1);
      while (true) {
        int done = job.awaitBeyond(seen, Duration.ofSeconds(10));
        if (done != seen) {
          emitter.send(SseEvent.of("progress", done + "/" + job.total()).id(done));
          seen = done;
        }
        if (job.ended() && job.done() == seen) {
          emitter.send(
              SseEvent.of(done == job.total() ? "done" : "stopped", done + "/" + job.total()));
          return;
        }
      }
    };
  }
}
