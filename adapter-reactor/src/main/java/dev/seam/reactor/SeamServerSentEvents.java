package dev.seam.reactor;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A blocking producer served by Spring WebFlux as Server-Sent Events: a {@code
 * Flux<ServerSentEvent<T>>} that a handler returns (or passes to {@code
 * BodyInserters.fromServerSentEvents}), with keep-alive comments, the client's {@code
 * Last-Event-ID} handed to the producer, and the producer's seam call cancelled when the client
 * goes away.
 *
 * <pre>{@code
 * SeamServerSentEvents sse = SeamServerSentEvents.builder(jobs).build();
 *
 * Flux<ServerSentEvent<String>> progress(@RequestHeader(name = "Last-Event-ID", required = false)
 *     String lastEventId) {
 *   return sse.stream(lastEventId, emitter -> {
 *     long from = emitter.lastEventId().map(Long::parseLong).orElse(0L) + 1;
 *     for (long step = from; step <= 100; step++) {
 *       job.step(step);                                         // blocking work
 *       emitter.emit(ServerSentEvent.builder("step " + step).id(Long.toString(step)).build());
 *     }
 *   });
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * Each subscription (each HTTP response) runs the producer as one call on the seam, through {@link
 * SeamReactor#produce(Seam, CallOptions, int, BlockingProducer)}: on a seam worker, in the
 * subscriber's Reactor {@code Context}, its events handed over through a bounded buffer, so {@code
 * emit} blocks the producer (never an event loop) while the client reads slowly. A client the seam
 * refuses (no worker free, queue full, closed) gets a 200 stream holding only a jittered {@code
 * retry:} hint ({@link Builder#retryAfter}), because browsers give up for good on any other status;
 * it comes back by itself. Keep-alive comments come from Reactor's timer ({@code Flux.interval} on
 * {@code Schedulers.parallel()}); a tick that finds the client not reading is dropped, never
 * queued. WebFlux sends the status and headers with the first event or comment, so a producer that
 * has nothing to say at once is still answered within one keep-alive interval.
 *
 * <h2>Cancellation</h2>
 *
 * When the client disconnects, WebFlux cancels the subscription (Reactor Netty sees the closed
 * connection, at the latest when a keep-alive comment fails to write), which cancels the producer's
 * call: its cancel hooks ({@code emitter.call().onCancel(...)}) run, its worker is interrupted if
 * the seam interrupts, and {@code emit} throws from then on. A stream also ends at its {@link
 * Builder#streamTimeout stream timeout}: the producer's call is cancelled and the response ends
 * cleanly, so the client reconnects with the last id it received. Each stream is a long-lived call
 * ({@code CallOptions.withLongLived}): ended by its client or its deadline, it counts in the seam's
 * stats as {@code ended}, never as cancelled, timed out or failed.
 *
 * <p>Immutable and thread-safe; the returned {@code Flux} may be subscribed any number of times.
 *
 * @since 0.1
 */
public final class SeamServerSentEvents {
  /** The default interval between keep-alive comments: 15 seconds. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

  /** The default deadline of one stream, from its subscription: 30 minutes. */
  public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofMinutes(30);

  /** The text of each keep-alive comment, written as {@code :keep-alive}. */
  public static final String KEEP_ALIVE_COMMENT = "keep-alive";

  /** The comment of the stream that refuses a client while the seam is full. */
  public static final String COME_BACK_LATER_COMMENT = "come back later";

  /** The default base of a refusal's {@code retry:} hint: 5 seconds, plus up to half again. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  private final Seam seam;
  private final Duration keepAlive;
  private final CallOptions options;
  private final int buffer;
  private final Duration retryAfter;

  private SeamServerSentEvents(Builder builder) {
    this.seam = builder.seam;
    this.keepAlive = builder.keepAlive;
    // Long-lived: a stream that ends by its deadline or its client is "ended", not a failure.
    this.options = CallOptions.timeout(builder.streamTimeout).withLongLived(true);
    this.buffer = builder.buffer;
    this.retryAfter = builder.retryAfter;
  }

  /**
   * A builder of streams on {@code seam}, with a keep-alive comment every 15 seconds, a stream
   * timeout of 30 minutes and a buffer of {@value SeamReactor#DEFAULT_PRODUCER_BUFFER} events.
   *
   * @param seam where the producers run
   * @return a new builder
   * @throws NullPointerException if {@code seam} is null
   */
  public static Builder builder(Seam seam) {
    return new Builder(seam);
  }

  /**
   * One client's stream: each subscription runs {@code producer} once, as one call on the seam,
   * with {@code lastEventId} in its emitter, and merges keep-alive comments in until the producer
   * returns.
   *
   * @param lastEventId the request's {@code Last-Event-ID} header, or null (an empty or blank one
   *     counts as absent)
   * @param producer the blocking producer
   * @param <T> the type of the events' data
   * @return a cold {@code Flux}: one producer call per subscription; it completes after the
   *     producer returns or its stream timeout passes, emits only a {@code retry:} hint if the seam
   *     refuses the call, and fails with the seam's {@code SeamCallException} if the producer
   *     throws
   * @throws NullPointerException if {@code producer} is null
   */
  public <T> Flux<ServerSentEvent<T>> stream(String lastEventId, Producer<T> producer) {
    Objects.requireNonNull(producer, "producer");
    Optional<String> last =
        lastEventId == null || lastEventId.isBlank() ? Optional.empty() : Optional.of(lastEventId);
    Flux<ServerSentEvent<T>> events =
        SeamReactor.produce(
            seam,
            options,
            buffer,
            emitter -> producer.produce(new ResumingEmitter<>(emitter, last)));
    return Flux.defer(() -> withKeepAlive(events))
        .onErrorResume(SeamRejectedException.class, rejected -> Flux.just(comeBackLater()))
        // The deadline is how a long stream normally ends: end the response cleanly, so the
        // client reconnects with its last id, rather than abort the connection mid-chunk.
        .onErrorResume(SeamTimeoutException.class, timedOut -> Flux.empty());
  }

  /**
   * The answer to a client the seam cannot serve now: a stream with only a {@code retry:} hint,
   * jittered so that refused clients do not come back together. A browser treats any status but 200
   * as final and stops reconnecting; this 200 makes it come back after the hint.
   */
  private <T> ServerSentEvent<T> comeBackLater() {
    long base = retryAfter.toMillis();
    long jittered = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return ServerSentEvent.<T>builder()
        .comment(COME_BACK_LATER_COMMENT)
        .retry(Duration.ofMillis(jittered))
        .build();
  }

  /** Ticks until the events end; per subscription, as the end signal belongs to one stream. */
  private <T> Flux<ServerSentEvent<T>> withKeepAlive(Flux<ServerSentEvent<T>> events) {
    Sinks.Empty<Void> ended = Sinks.empty();
    Flux<ServerSentEvent<T>> comments =
        Flux.interval(keepAlive, keepAlive)
            .onBackpressureDrop() // a client that is not reading needs no more comments
            .map(tick -> ServerSentEvent.<T>builder().comment(KEEP_ALIVE_COMMENT).build())
            .takeUntilOther(ended.asMono());
    // Prefetch 1: the producer's own buffer is the only one, so emit() feels a slow client.
    return Flux.merge(1, events.doFinally(signal -> ended.tryEmitEmpty()), comments);
  }

  /**
   * Ordinary blocking code that produces one client's events; see {@link BlockingProducer} for the
   * hand-off, and {@link SeamServerSentEvents} for threads and cancellation.
   *
   * @param <T> the type of the events' data
   * @since 0.1
   */
  @FunctionalInterface
  public interface Producer<T> {
    /**
     * Produces the stream; returning ends it cleanly.
     *
     * @param emitter where events go, and the client's {@code Last-Event-ID}; valid until this
     *     method returns
     * @throws Exception any failure; the stream fails with the seam's {@code SeamCallException}
     */
    void produce(Emitter<T> emitter) throws Exception;
  }

  /**
   * Where a {@link Producer} hands its events to the client, and where it learns where to resume.
   *
   * @param <T> the type of the events' data
   * @since 0.1
   */
  public interface Emitter<T> extends BlockingProducer.Emitter<ServerSentEvent<T>> {
    /**
     * The id of the last event the client received before it reconnected, from its {@code
     * Last-Event-ID} header: the producer resumes after it.
     *
     * @return the id, or empty on a first connection
     */
    Optional<String> lastEventId();
  }

  /** The producer's emitter, with the request's last event id beside it. */
  private static final class ResumingEmitter<T> implements Emitter<T> {
    private final BlockingProducer.Emitter<ServerSentEvent<T>> events;
    private final Optional<String> lastEventId;

    ResumingEmitter(
        BlockingProducer.Emitter<ServerSentEvent<T>> events, Optional<String> lastEventId) {
      this.events = events;
      this.lastEventId = lastEventId;
    }

    @Override
    public void emit(ServerSentEvent<T> event) throws InterruptedException {
      events.emit(event);
    }

    @Override
    public CallContext call() {
      return events.call();
    }

    @Override
    public boolean isCancelled() {
      return events.isCancelled();
    }

    @Override
    public Optional<String> lastEventId() {
      return lastEventId;
    }
  }

  /**
   * Builds a {@link SeamServerSentEvents}. Not thread-safe; {@link #build} validates nothing more,
   * as each setter checks its value.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Seam seam;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Duration streamTimeout = DEFAULT_STREAM_TIMEOUT;
    private int buffer = SeamReactor.DEFAULT_PRODUCER_BUFFER;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;

    private Builder(Seam seam) {
      this.seam = Objects.requireNonNull(seam, "seam");
    }

    /**
     * The interval between keep-alive comments, which also bounds how long a vanished client goes
     * unnoticed on an idle stream. Default {@link #DEFAULT_KEEP_ALIVE} (15 s).
     *
     * @param keepAlive the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = positive(keepAlive, "keepAlive");
      return this;
    }

    /**
     * The deadline of each stream, from its subscription, after which the producer's call is
     * cancelled and the stream fails. Default {@link #DEFAULT_STREAM_TIMEOUT} (30 minutes).
     *
     * @param streamTimeout the deadline, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder streamTimeout(Duration streamTimeout) {
      this.streamTimeout = positive(streamTimeout, "streamTimeout");
      return this;
    }

    /**
     * How many events wait for the client before {@code emit} blocks the producer. Default {@value
     * SeamReactor#DEFAULT_PRODUCER_BUFFER}.
     *
     * @param buffer the number of events, at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder buffer(int buffer) {
      if (buffer < 1) {
        throw new IllegalArgumentException("buffer < 1: " + buffer);
      }
      this.buffer = buffer;
      return this;
    }

    /**
     * When a client refused because the seam is full should come back: the base of the {@code
     * retry:} hint of the refusal stream, which adds up to half of it again at random. Default
     * {@link #DEFAULT_RETRY_AFTER} (5 s).
     *
     * @param retryAfter the base delay, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = positive(retryAfter, "retryAfter");
      return this;
    }

    /**
     * Builds the streams' configuration.
     *
     * @return a new, immutable {@code SeamServerSentEvents}
     */
    public SeamServerSentEvents build() {
      return new SeamServerSentEvents(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
