package dev.seam.consumer;

import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.sse.SseEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/** What a user writes first: a seam, an AsyncJdbc on it, a query, an SSE event. */
public final class Orders implements AutoCloseable {
  private final Seam db;
  private final AsyncJdbc jdbc;

  public Orders(DataSource dataSource) {
    this.db = Seam.builder("consumer-db").maxConcurrency(2).timeout(Duration.ofSeconds(5)).build();
    this.jdbc = AsyncJdbc.builder(dataSource, db).build();
  }

  public CompletableFuture<List<String>> names() {
    return jdbc.query("SELECT name FROM orders ORDER BY id", rs -> rs.getString(1));
  }

  public CompletableFuture<Integer> add(String name) {
    return jdbc.update("INSERT INTO orders (name) VALUES (?)", name);
  }

  public static SseEvent progress(int done) {
    return SseEvent.of("progress", Integer.toString(done));
  }

  @Override
  public void close() {
    db.close();
  }
}
