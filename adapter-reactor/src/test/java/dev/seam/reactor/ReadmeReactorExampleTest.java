package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** The README's "Reactive and coroutines" snippet, compiled and run. */
class ReadmeReactorExampleTest {
  private final HikariDataSource pool = H2Pool.open(2);

  @AfterEach
  void close() {
    pool.close();
  }

  /** A legacy DAO, sync. */
  static final class LegacyOrders {
    String name(long id) {
      return "order-" + id;
    }
  }

  @Test
  void ordersAsMonoAndFlux() {
    LegacyOrders legacyDao = new LegacyOrders();
    long id = 7;
    Seam ordersDb = AsyncJdbc.seamFor("orders-db", pool).build();
    AsyncJdbc jdbc = AsyncJdbc.builder(pool, ordersDb).build();

    // One call per subscription; dispose(), take(n) and timeout(...) cancel it.
    Mono<String> name = SeamReactor.mono(ordersDb, () -> legacyDao.name(id));

    // Any seam future, here AsyncJdbc's: Statement.cancel() when the subscriber leaves.
    Mono<Optional<Long>> count =
        SeamReactor.defer(
            () -> jdbc.queryOne("SELECT COUNT(*) FROM SYSTEM_RANGE(1, 10)", rs -> rs.getLong(1)));

    // Rows as they are requested; the connection goes back when the Flux ends or is cancelled.
    Flux<Long> ids =
        SeamReactor.flux(jdbc.stream("SELECT X FROM SYSTEM_RANGE(1, 1000000)", rs -> rs.getLong(1)))
            .take(3)
            .timeout(Duration.ofSeconds(2));

    // The Reactor Context reaches the worker through Micrometer's ContextRegistry.
    Mono<List<Long>> firstIds = ids.collectList().contextWrite(Context.of("requestId", "r-42"));

    assertThat(name.block()).isEqualTo("order-7");
    assertThat(count.block()).contains(10L);
    assertThat(firstIds.block()).containsExactly(1L, 2L, 3L);
    jdbc.close();
    ordersDb.close();
  }

  @Test
  void aBlockingProducerAsAFlux() {
    Seam jobs = Seam.builder("jobs").build();

    // A blocking producer as a Flux: emit() waits while the subscriber has no demand, and a
    // subscriber that cancels (a client that disconnects) cancels the call: hooks, interrupt.
    Flux<String> progress =
        SeamReactor.produce(
            jobs,
            emitter -> {
              for (int step = 1; step <= 100; step++) {
                emitter.emit("step " + step); // blocking work between the emits
              }
            });

    assertThat(progress.take(3).collectList().block())
        .containsExactly("step 1", "step 2", "step 3");
    jobs.close();
  }
}
