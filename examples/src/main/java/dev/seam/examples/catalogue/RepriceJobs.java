package dev.seam.examples.catalogue;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.http.AsyncJdkHttp;
import dev.seam.http.HttpOptions;
import dev.seam.jdbc.AsyncJdbc;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts and tracks reprice jobs. A job reprices every product: it asks the pricing service for
 * each price through {@link AsyncJdkHttp} on the bounded {@code pricing-batch} seam (the time left
 * becomes the request timeout; a timeout aborts the exchange) and stores it through {@link
 * AsyncJdbc} on the {@code catalog-db} seam, with at most a window of products in flight (the
 * workers plus half the queue) so the job never meets a rejection of its own making.
 *
 * <p>The job's driver is one long call on the {@code jobs} seam; cancelling it (shutdown)
 * interrupts the driver, which stops submitting. Thread-safe.
 */
final class RepriceJobs implements AutoCloseable {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration PRICE_TIMEOUT = Duration.ofSeconds(1);
  private static final int KEPT = 20;

  private final Seam jobsSeam;
  private final int window;
  private final ProductDao dao;
  private final PricingClient pricing;
  private final AsyncJdkHttp batchHttp;
  private final AsyncJdbc jdbc;
  private final int progressEvery;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, RepriceJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<?>> drivers = new ConcurrentHashMap<>();

  RepriceJobs(
      Seam jobsSeam,
      Seam batchSeam,
      AsyncJdkHttp batchHttp,
      AsyncJdbc jdbc,
      ProductDao dao,
      PricingClient pricing,
      int progressEvery) {
    this.jobsSeam = jobsSeam;
    // Half the queue stays free: a future completes a moment before its worker gives the permit
    // back, so a window of the whole capacity would now and then meet a full seam.
    this.window = batchSeam.stats().maxConcurrency() + batchSeam.stats().maxQueued() / 2;
    this.batchHttp = batchHttp;
    this.jdbc = jdbc;
    this.dao = dao;
    this.pricing = pricing;
    this.progressEvery = progressEvery;
  }

  /**
   * Starts a job over {@code total} products.
   *
   * @param total the number of products
   * @return the job, or the seam's reason for not starting it
   */
  CompletableFuture<RepriceJob> start(int total) {
    RepriceJob job = new RepriceJob("job-" + ids.incrementAndGet(), total, progressEvery);
    CompletableFuture<Void> driver =
        jobsSeam.call(
            CallOptions.timeout(JOB_TIMEOUT)
                .withSlowCallWarning(Duration.ZERO) // a job is meant to run long
                .withDescription(job.id()),
            call -> {
              drive(job);
              return null;
            });
    if (driver.isCompletedExceptionally()) { // rejected or closed: never started
      return driver.thenApply(v -> job);
    }
    forgetOldJobs();
    jobs.put(job.id(), job);
    drivers.put(job.id(), driver);
    CompletableFuture<Void> unused =
        driver.whenComplete(
            (v, e) -> {
              drivers.remove(job.id());
              job.end(e == null ? "done" : "stopped: " + Outcome.reason(e));
            });
    return CompletableFuture.completedFuture(job);
  }

  private void drive(RepriceJob job) throws Exception {
    List<Long> ids = dao.ids();
    Semaphore inFlight = new Semaphore(window);
    int count = 0;
    for (long id : ids) {
      if (count++ == job.total()) {
        break;
      }
      inFlight.acquire(); // interrupted when the job is cancelled
      String item = "product " + id;
      job.working(item);
      CompletableFuture<Integer> unused =
          price(id)
              .whenComplete(
                  (v, e) -> {
                    // Count it before giving the slot back: the driver's final acquire must
                    // not see the last product as done before the job has counted it.
                    job.finished(item, e);
                    inFlight.release();
                  });
    }
    inFlight.acquire(window); // wait for the last answers before the job says done
    inFlight.release(window);
  }

  private CompletableFuture<Integer> price(long id) {
    return batchHttp
        .send(
            pricing.request(id, PRICE_TIMEOUT),
            HttpOptions.defaults().withTimeout(PRICE_TIMEOUT),
            HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            response -> {
              try {
                return jdbc.update(
                    "UPDATE product SET price_cents = ? WHERE id = ?",
                    PricingClient.priceOf(response),
                    id);
              } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
              }
            });
  }

  private void forgetOldJobs() {
    if (jobs.size() >= KEPT) {
      jobs.values().stream()
          .filter(j -> !j.running())
          .map(RepriceJob::id)
          .min((a, b) -> Integer.compare(number(a), number(b)))
          .ifPresent(jobs::remove);
    }
  }

  private static int number(String jobId) {
    return Integer.parseInt(jobId.substring("job-".length()));
  }

  Optional<RepriceJob> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  int running() {
    return drivers.size();
  }

  /** Cancels every running job; their drivers stop submitting and their watchers get "done". */
  @Override
  public void close() {
    drivers.values().forEach(d -> d.cancel(true));
  }
}
