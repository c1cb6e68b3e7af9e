package dev.seam.examples.reactive;

import dev.seam.examples.reactive.OrderDao.Order;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.reactor.SeamReactor;
import dev.seam.reactor.SeamServerSentEvents;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The async shell: WebFlux routes over the sync {@link OrderDao}. {@code GET /orders/{id}} reads
 * one order through {@code AsyncJdbc} on the orders database's seam; {@code GET
 * /orders/reprice/progress} runs a reprice job as a blocking SSE producer on the jobs seam, resumes
 * after the client's {@code Last-Event-ID}, and stops when the client goes away. No handler blocks
 * an event loop: the DAO runs on seam workers, bounded by the seams.
 */
public final class ReactiveOrders {
  private final AsyncJdbc jdbc;
  private final DataSource pool;
  private final OrderDao dao;
  private final SeamServerSentEvents progress;
  private final Duration stepPause;

  /**
   * Creates the routes.
   *
   * @param jdbc the orders database, on its seam
   * @param pool the same database's pool, for the job's steps
   * @param dao the sync DAO
   * @param progress where reprice jobs run, as SSE producers
   * @param stepPause the blocking work of one reprice step besides its update (a pricing call)
   */
  public ReactiveOrders(
      AsyncJdbc jdbc,
      DataSource pool,
      OrderDao dao,
      SeamServerSentEvents progress,
      Duration stepPause) {
    this.jdbc = jdbc;
    this.pool = pool;
    this.dao = dao;
    this.progress = progress;
    this.stepPause = stepPause;
  }

  /**
   * The routes, for {@code RouterFunctions.toHttpHandler}.
   *
   * @return the router
   */
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/orders/reprice/progress", this::repriceProgress)
        .GET("/orders/{id}", this::order)
        .build();
  }

  Mono<ServerResponse> order(ServerRequest request) {
    String raw = request.pathVariable("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return ServerResponse.badRequest().bodyValue("not an order id: " + raw);
    }
    // The sync DAO on a seam worker; a client that goes away cancels its statement.
    Mono<Optional<Order>> order =
        SeamReactor.defer(() -> jdbc.withConnection(c -> dao.find(c, id)));
    return order.flatMap(
        found ->
            found.isPresent()
                ? ServerResponse.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(json(found.get()))
                : ServerResponse.notFound().build());
  }

  Mono<ServerResponse> repriceProgress(ServerRequest request) {
    String lastEventId = request.headers().firstHeader("Last-Event-ID");
    Flux<ServerSentEvent<String>> events = progress.stream(lastEventId, this::repriceAll);
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(BodyInserters.fromServerSentEvents(events));
  }

  /** The blocking producer: one event per repriced order, resuming after the last one seen. */
  private void repriceAll(SeamServerSentEvents.Emitter<String> emitter) throws Exception {
    long total;
    try (Connection c = pool.getConnection()) {
      total = dao.count(c);
    }
    long after = emitter.lastEventId().map(Long::parseLong).orElse(0L);
    for (long id = after + 1; id <= total; id++) {
      try (Connection c = pool.getConnection()) {
        dao.reprice(c, id, 5);
      }
      Thread.sleep(stepPause.toMillis()); // the pricing call; interrupted when the client goes
      emitter.emit(
          ServerSentEvent.builder("{\"done\":" + id + ",\"total\":" + total + "}")
              .event("progress")
              .id(Long.toString(id))
              .build());
    }
  }

  private static String json(Order o) {
    return "{\"id\":"
        + o.id()
        + ",\"customer\":\""
        + o.customer()
        + "\",\"priceCents\":"
        + o.priceCents()
        + "}";
  }
}
