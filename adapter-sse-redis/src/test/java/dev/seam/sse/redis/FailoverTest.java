package dev.seam.sse.redis;

import dev.seam.sse.contract.FailoverContract;
import java.util.UUID;

/** {@link FailoverContract} on Redis Streams: three replicas on one Redis, one of them killed. */
class FailoverTest extends FailoverContract {
  private final String prefix = "seam-test:failover:" + UUID.randomUUID() + ":";

  @Override
  protected void assumeStoreReachable() {
    RedisServer.assumeReachable();
  }

  @Override
  protected Sender sender(String name, String stream) throws Exception {
    return new Replica(name, prefix, stream);
  }

  @Override
  protected Remote remote(String name, String stream) throws Exception {
    return ReplicaProcess.start(name, prefix, stream);
  }

  @Override
  protected void dropStore() {
    RedisServer.deleteKeys(prefix + "*");
  }
}
