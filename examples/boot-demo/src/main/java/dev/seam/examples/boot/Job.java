package dev.seam.examples.boot;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One reprice job's progress. Thread-safe: the worker advances it, any number of streams wait on
 * it.
 */
public final class Job {
  private final String id;
  private final int total;
  private int done;
  private boolean ended;
  private CompletableFuture<Integer> run = new CompletableFuture<>();

  Job(String id, int total) {
    this.id = id;
    this.total = total;
  }

  /**
   * The job's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * How many items the job reprices.
   *
   * @return the total
   */
  public int total() {
    return total;
  }

  synchronized void running(CompletableFuture<Integer> future) {
    run = future;
  }

  /**
   * Cancels the job: the cancel reaches its body on the lane, which is interrupted.
   *
   * @return whether this call cancelled it
   */
  public boolean cancel() {
    CompletableFuture<Integer> future;
    synchronized (this) {
      future = run;
    }
    return future.cancel(true);
  }

  /**
   * Items done so far.
   *
   * @return the count
   */
  public synchronized int done() {
    return done;
  }

  synchronized void advance() {
    done++;
    notifyAll();
  }

  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Items done so far, once that is more than {@code seen}, the job ended, or {@code patience}
   * passed.
   *
   * @param seen the count the caller has shown
   * @param patience how long to wait at most
   * @return the count now
   * @throws InterruptedException if the stream is stopped while waiting
   */
  synchronized int awaitBeyond(int seen, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (done <= seen && !ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return done;
  }

  /**
   * Whether the job stopped, finished or not.
   *
   * @return true once it ended
   */
  public synchronized boolean ended() {
    return ended;
  }
}
