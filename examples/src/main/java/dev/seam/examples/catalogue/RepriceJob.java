package dev.seam.examples.catalogue;

import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEvent;
import java.time.Duration;

/**
 * One reprice job's progress, and the broadcaster its watchers subscribe to. Every change of
 * progress goes out as a {@code progress} event with the next replay id, so a watcher that
 * reconnects with {@code Last-Event-ID} gets what it missed; the job's end is one {@code done}
 * event, after which the broadcaster closes (new watchers get 204, and {@code EventSource} stops).
 *
 * <p>Thread-safe: price answers complete on several seam threads, and each update of the counters
 * and its event happen together under the job's lock, so events leave in the order of their counts.
 */
final class RepriceJob {
  private final String id;
  private final int total;
  private final int progressEvery;
  private final long startNanos = System.nanoTime();
  private final SseBroadcaster events;
  private int done;
  private int failures;
  private String current = "";
  private String state = "running";
  private String lastFailure = "";

  RepriceJob(String id, int total, int progressEvery) {
    this.id = id;
    this.total = total;
    this.progressEvery = progressEvery;
    // Room for every progress event of the job, so any watcher can resume from its start.
    this.events = SseBroadcaster.withReplay(id, total / progressEvery + 16);
  }

  String id() {
    return id;
  }

  int total() {
    return total;
  }

  SseBroadcaster events() {
    return events;
  }

  synchronized void working(String item) {
    current = item;
  }

  /** Counts one product as done, failed or not, and sends progress every few products. */
  synchronized void finished(String item, Throwable failure) {
    if (!state.equals("running")) {
      return; // stopped (shutdown): answers still arriving change nothing
    }
    done++;
    if (failure != null) {
      failures++;
      lastFailure = item + ": " + Outcome.reason(failure);
    }
    if (done % progressEvery == 0 || done == total) {
      events.send(SseEvent.of("progress", json()));
    }
  }

  /** Ends the job: one {@code done} event, then the broadcaster closes. */
  synchronized void end(String finalState) {
    if (!state.equals("running")) {
      return;
    }
    state = finalState;
    events.send(SseEvent.of("done", json()));
    events.close();
  }

  synchronized String json() {
    long elapsedMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    long etaMillis = done == 0 ? -1 : elapsedMillis * (total - done) / done;
    return Json.object()
        .put("id", id)
        .put("state", state)
        .put("done", done)
        .put("total", total)
        .put("percent", total == 0 ? 100 : done * 100 / total)
        .put("failures", failures)
        .put("lastFailure", lastFailure)
        .put("current", current)
        .put("elapsedMs", elapsedMillis)
        .put("etaMs", state.equals("running") ? etaMillis : 0)
        .toString();
  }

  synchronized boolean running() {
    return state.equals("running");
  }
}
