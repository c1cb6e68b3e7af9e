package dev.seam.examples.readme;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseProducer;
import dev.seam.sse.SseStatusException;

/** The README's resume-after-reload producer: the page carries its last id in the URL. */
final class ReloadResume {
  private ReloadResume() {}

  static SseProducer progress(LegacyJobs legacyJobs) {
    return emitter -> {
      String id =
          emitter
              .request()
              .queryParameter("job")
              .orElseThrow(() -> new SseStatusException(400, "job parameter missing"));
      LegacyJobs.Job job = legacyJobs.find(id);
      if (job == null) {
        throw new SseStatusException(404, "no job " + id);
      }
      // EventSource's own reconnect sends Last-Event-ID; a reload does not, so the page passes
      // the last id it saw as ?from=. The header wins: it is newer than the URL.
      long from =
          emitter
              .request()
              .lastEventId()
              .or(() -> emitter.request().queryParameter("from"))
              .map(Long::parseLong)
              .orElse(0L);
      for (long step = from + 1; step <= job.steps(); step++) {
        job.awaitStep(step);
        emitter.send(SseEvent.of("progress", "{\"step\":" + step + "}").id(step));
      }
      emitter.send(SseEvent.of("done", "{}"));
    };
  }
}
