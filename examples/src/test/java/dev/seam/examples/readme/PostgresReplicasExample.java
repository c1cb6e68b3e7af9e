package dev.seam.examples.readme;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseServlet;
import dev.seam.sse.postgres.PostgresSseEventLog;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The README's three-replica wiring of a job's SSE progress through PostgreSQL. */
final class PostgresReplicasExample {
  private PostgresReplicasExample() {}

  static int wire(HikariConfig config, SseEndpoint sse, ServletContextHandler servlets, String json)
      throws InterruptedException, ExecutionException {
    // On every replica (A, B and C): your own pool (address, auth, TLS), one log, a broadcaster
    // per job. The log makes up to 8 calls at once and its listener holds one more connection.
    config.setJdbcUrl("jdbc:postgresql://db:5432/app");
    config.setMaximumPoolSize(10);
    HikariDataSource pool = new HikariDataSource(config);
    PostgresSseEventLog log =
        PostgresSseEventLog.builder(pool)
            .maxLength(10_000) // one range DELETE per 1,000 events of a stream
            .maxAge(Duration.ofHours(24)) // checked once a minute per stream
            .build(); // creates seam_sse_streams and seam_sse_events on first use
    SseBroadcaster progress = SseBroadcaster.withLog("job-42", log);
    servlets.addServlet(new SseServlet(sse, progress), "/jobs/42/events").setAsyncSupported(true);

    // On whichever replica runs the job (A): one INSERT per event, whose NOTIFY wakes B and C;
    // their watchers get every event, in order. Fails with SseEventLogException if the database
    // is away.
    progress.send(SseEvent.of("progress", json));

    // A replica that takes over a job stopped mid-way continues after its last event.
    int done = log.latest("job-42").get().map(e -> parseStep(e.data())).orElse(0);
    return done;
  }

  private static int parseStep(String data) {
    return Integer.parseInt(data.replaceAll("\\D", ""));
  }
}
