package dev.seam.sse;

import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconnects as the WHATWG spec says an {@code EventSource} does: a 200 stream that ends is
 * reopened after the last {@code retry:} hint, with the last event id; any other status is final
 * (the browser's readyState CLOSED). Bounded by a number of attempts.
 */
final class ReconnectingSpecClient implements AutoCloseable {
  /** What one connection saw. */
  record Attempt(int status, long retryMillis, List<SpecParser.Dispatched> events, String raw) {}

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  /**
   * Connects until a stream dispatches an event; completes with that attempt (its socket closed),
   * or fails on a non-200 status, a stream without a retry hint, or after {@code maxAttempts}.
   */
  CompletableFuture<Attempt> connectUntilEvent(URI uri, int maxAttempts) {
    CompletableFuture<Attempt> result = new CompletableFuture<>();
    timer.execute(() -> attempt(uri, maxAttempts, result));
    return result;
  }

  private void attempt(URI uri, int left, CompletableFuture<Attempt> result) {
    try (RawSseClient c = RawSseClient.open(uri)) {
      if (c.status != 200) {
        attempts.add(new Attempt(c.status, -1, List.of(), c.readToEnd()));
        result.completeExceptionally(
            new IOException("status " + c.status + ": an EventSource stops"));
        return;
      }
      c.readToEnd(); // a refusal ends at once; the test's admitted stream ends after its event
      Attempt a = new Attempt(200, c.parser().retry(), List.copyOf(c.parser().events()), c.raw());
      attempts.add(a);
      if (!a.events().isEmpty()) {
        result.complete(a);
      } else if (a.retryMillis() < 0) {
        result.completeExceptionally(new IOException("stream ended without a retry hint: " + a));
      } else if (left <= 1) {
        result.completeExceptionally(new IOException("gave up after attempts: " + attempts));
      } else {
        java.util.concurrent.Future<?> unused =
            timer.schedule(
                () -> attempt(uri, left - 1, result), a.retryMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
