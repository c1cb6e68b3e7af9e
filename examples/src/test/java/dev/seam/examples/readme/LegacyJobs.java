package dev.seam.examples.readme;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A legacy, blocking job store for the README's SSE example. */
final class LegacyJobs {
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  Job find(String id) {
    return jobs.get(id);
  }

  void put(String id, Job job) {
    jobs.put(id, job);
  }

  /** One job's progress, read with blocking calls. */
  interface Job {
    boolean isDone();

    long steps();

    void awaitStep(long step) throws InterruptedException;
  }
}
