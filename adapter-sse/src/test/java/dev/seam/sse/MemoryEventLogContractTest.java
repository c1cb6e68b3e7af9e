package dev.seam.sse;

import dev.seam.sse.contract.SseEventLogContract;

/**
 * The in-memory log passes the engines' contract. Its replicas are one log (it lives in one JVM);
 * it loses a stream's history when the log is created again, as after a restart.
 */
class MemoryEventLogContractTest extends SseEventLogContract {
  private int retained;

  @Override
  protected SseEventLog newLog(int retained) {
    this.retained = retained;
    return SseEventLog.inMemory(retained);
  }

  @Override
  protected SseEventLog replicaOf(SseEventLog log) {
    return log;
  }

  @Override
  protected SseEventLog loseStream(SseEventLog log, String stream) {
    return SseEventLog.inMemory(retained);
  }
}
