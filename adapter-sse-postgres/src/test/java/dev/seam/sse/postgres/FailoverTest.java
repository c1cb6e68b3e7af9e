package dev.seam.sse.postgres;

import dev.seam.sse.contract.FailoverContract;

/** {@link FailoverContract} on PostgreSQL: three replicas on one database, one of them killed. */
class FailoverTest extends FailoverContract {
  private final String prefix = PgServer.prefix("failover");

  @Override
  protected void assumeStoreReachable() {
    PgServer.assumeReachable();
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
  protected void dropStore() throws Exception {
    PgServer.dropTables(prefix);
  }
}
