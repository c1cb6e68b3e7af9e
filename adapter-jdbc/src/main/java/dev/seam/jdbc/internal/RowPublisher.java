package dev.seam.jdbc.internal;

import dev.seam.jdbc.RowMapper;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * A cold publisher of a query's rows: each subscription runs the query as one seam call (see {@link
 * RowSubscription}).
 */
final class RowPublisher<T> implements Flow.Publisher<T> {
  private final AsyncJdbcImpl jdbc;
  private final String sql;
  private final RowMapper<T> mapper;
  private final Object[] params;
  private final int fetchSize;

  RowPublisher(
      AsyncJdbcImpl jdbc, String sql, RowMapper<T> mapper, Object[] params, int fetchSize) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.mapper = mapper;
    this.params = params;
    this.fetchSize = fetchSize;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
    RowSubscription<T> subscription =
        new RowSubscription<>(subscriber, sql, mapper, params, fetchSize);
    subscriber.onSubscribe(subscription);
    if (subscription.signals().isCancelled()) {
      return; // cancelled inside onSubscribe: never run the query
    }
    CompletableFuture<Void> call =
        jdbc.submit(
            sql,
            params,
            mapper,
            (connection, lease) -> {
              subscription.run(connection, lease);
              return null;
            });
    var unused =
        call.whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                subscription.signals().error(unwrap(failure));
              }
            });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
