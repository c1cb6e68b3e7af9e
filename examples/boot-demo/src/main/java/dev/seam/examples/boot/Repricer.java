package dev.seam.examples.boot;

import dev.seam.spring.boot.SeamAsync;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The legacy, blocking reprice loop, made async by {@code @SeamAsync}: it runs on the lane {@code
 * jobs} ({@code seam.lanes.jobs.*}), which bounds how many jobs run at once and stops a job at
 * shutdown by interrupting it.
 */
@Service
public class Repricer {
  private final long stepMillis;

  Repricer(@Value("${demo.step-millis:60}") long stepMillis) {
    this.stepMillis = stepMillis;
  }

  /**
   * Reprices the job's items one by one (a blocking call per item in a real service).
   *
   * @param job the job to advance
   * @return the number of items repriced; failed with the {@code InterruptedException} if the job
   *     was cancelled or the application stopped
   */
  @SeamAsync("jobs")
  public CompletableFuture<Integer> run(Job job) {
    try {
      for (int i = 0; i < job.total(); i++) {
        Thread.sleep(stepMillis); // the legacy pricing call
        job.advance();
      }
      return CompletableFuture.completedFuture(job.total());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // cancelled: stop here, and say so through the future
      return CompletableFuture.failedFuture(e);
    } finally {
      job.end();
    }
  }
}
