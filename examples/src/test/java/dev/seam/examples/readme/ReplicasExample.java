package dev.seam.examples.readme;

import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseServlet;
import dev.seam.sse.redis.RedisSseEventLog;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The README's two-replica wiring of a job's SSE progress through Redis Streams. */
final class ReplicasExample {
  private ReplicasExample() {}

  static int wire(
      JedisClientConfig config, SseEndpoint sse, ServletContextHandler servlets, String json)
      throws InterruptedException, ExecutionException {
    // On every replica: your own Jedis client (address, auth, TLS), one log, a broadcaster per job.
    RedisClient redis =
        RedisClient.builder().hostAndPort("redis", 6379).clientConfig(config).build();
    RedisSseEventLog log =
        RedisSseEventLog.builder(redis)
            .maxLength(10_000)
            .maxAge(Duration.ofHours(24)) // MAXLEN ~ on each XADD; MINID once a minute
            .build();
    SseBroadcaster progress = SseBroadcaster.withLog("job-42", log);
    servlets.addServlet(new SseServlet(sse, progress), "/jobs/42/events").setAsyncSupported(true);

    // On whichever replica runs the job (A); watchers on B and C get every event, in order.
    // One XADD per event; fails with SseEventLogException if Redis is away.
    progress.send(SseEvent.of("progress", json));

    // A replica that takes over a job stopped mid-way continues after its last event.
    int done = log.latest("job-42").get().map(e -> parseStep(e.data())).orElse(0);
    return done;
  }

  private static int parseStep(String data) {
    return Integer.parseInt(data.replaceAll("\\D", ""));
  }
}
