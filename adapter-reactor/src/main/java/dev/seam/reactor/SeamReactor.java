package dev.seam.reactor;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.reactor.internal.CallMono;
import dev.seam.reactor.internal.ProducerFlux;
import dev.seam.reactor.internal.ReactorContexts;
import dev.seam.reactor.internal.StreamFlux;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Mono}s and {@link Flux}es over seam calls: the seam's bounds, deadline and cancellation in
 * place of {@code Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())}.
 *
 * <pre>{@code
 * Mono<Order> order = SeamReactor.mono(ordersDb, () -> legacyDao.find(id));
 * Mono<Optional<Order>> one = SeamReactor.defer(() -> jdbc.queryOne(sql, mapper, id));
 * Flux<Order> all = SeamReactor.flux(jdbc.stream(sql, mapper));
 * Flux<Progress> steps = SeamReactor.produce(jobs, emitter -> job.run(emitter::emit));
 * }</pre>
 *
 * <h2>Laziness</h2>
 *
 * Nothing is submitted at assembly. Each subscription submits one call, on the subscribing thread;
 * subscribing twice makes two calls. A subscription cancelled before {@code subscribe} returns from
 * {@code onSubscribe} never submits.
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling the subscription ({@code dispose()}, {@code take(n)}, {@code timeout(...)}, a WebFlux
 * client that goes away) cancels the call's future, which a seam turns into the call's cancel hooks
 * ({@code Statement.cancel()} for {@code AsyncJdbc}, an aborted exchange for the HTTP adapters),
 * then an interrupt if the seam is so configured; a call still queued never starts. A subscriber
 * that cancelled hears nothing more, not even the resulting {@code CancellationException}.
 *
 * <h2>Context</h2>
 *
 * At subscription, the subscriber's Reactor {@code Context} is installed as thread-locals on the
 * subscribing thread through Micrometer's context-propagation (every {@code ThreadLocalAccessor}
 * registered with the global {@code ContextRegistry}: MDC, tracing, security; accessors whose key
 * the {@code Context} lacks are cleared), the call is submitted there, so the seam's propagators
 * ({@code Propagators.defaults()} includes {@code Propagators.contextRegistry()} when
 * context-propagation is present) capture it, and the thread is restored before {@code subscribe}
 * returns. No {@code Hooks.enableAutomaticContextPropagation()} is needed and nothing is left on
 * Reactor's threads. A thread that holds thread-locals and subscribes with no Reactor {@code
 * Context} (a {@code block()} in a servlet) puts them into one with Reactor's {@code
 * contextCapture()}. Without context-propagation on the class path, the seam captures whatever the
 * subscribing thread holds.
 *
 * <h2>Threads and bounds</h2>
 *
 * Subscribing never blocks: a full seam fails the {@code Mono} with {@code SeamRejectedException}
 * at once, a closed one with {@code SeamClosedException}, so a {@code Mono} from here is safe to
 * subscribe on an event loop. {@code onNext}, {@code onComplete} and {@code onError} run on the
 * thread that completes the call's future (the seam worker, or its timer thread on a deadline), or
 * on the subscribing thread if the call ended before {@code subscribe} attached to it, or on the
 * thread that requests a value that was waiting for demand; use {@code publishOn} to move
 * downstream work elsewhere.
 *
 * <h2>Failures</h2>
 *
 * The subscriber receives the seam's exception ({@code SeamCallException} with the original as
 * cause, {@code SeamTimeoutException}, {@code SeamRejectedException}...), naming the seam, the call
 * and its timings, with its stack trace at the subscription; the line that assembled the {@code
 * Mono} or {@code Flux} is attached as a suppressed exception "assembled at", as Reactor's {@code
 * checkpoint()} does.
 *
 * <p>Thread-safe: every method may be called from any thread; the returned publishers may be
 * subscribed any number of times, concurrently.
 *
 * @since 0.1
 */
public final class SeamReactor {
  static {
    ReactorContexts.load(); // at assembly, not in the first subscription on an event loop
  }

  private SeamReactor() {}

  /**
   * A {@code Mono} of one blocking call on {@code seam}, with the seam's default options.
   *
   * @param seam where the call runs
   * @param task the blocking work; a null result completes the {@code Mono} empty
   * @param <T> the result type
   * @return a cold {@code Mono}: one call per subscription
   * @throws NullPointerException if an argument is null
   */
  public static <T> Mono<T> mono(Seam seam, Callable<? extends T> task) {
    Objects.requireNonNull(seam, "seam");
    Objects.requireNonNull(task, "task");
    return new CallMono<T>(() -> seam.call(task));
  }

  /**
   * A {@code Mono} of one blocking call on {@code seam} that uses its {@code CallContext} (to
   * register cancel hooks, read its deadline), with the seam's default options.
   *
   * @param seam where the call runs
   * @param task the blocking work; a null result completes the {@code Mono} empty
   * @param <T> the result type
   * @return a cold {@code Mono}: one call per subscription
   * @throws NullPointerException if an argument is null
   */
  public static <T> Mono<T> mono(Seam seam, SeamCallable<? extends T> task) {
    Objects.requireNonNull(seam, "seam");
    Objects.requireNonNull(task, "task");
    return new CallMono<T>(() -> seam.call(task));
  }

  /**
   * A {@code Mono} of one blocking call on {@code seam} with per-call options; the deadline counts
   * from each subscription.
   *
   * @param seam where the call runs
   * @param options the per-call options
   * @param task the blocking work; a null result completes the {@code Mono} empty
   * @param <T> the result type
   * @return a cold {@code Mono}: one call per subscription
   * @throws NullPointerException if an argument is null
   */
  public static <T> Mono<T> mono(Seam seam, CallOptions options, SeamCallable<? extends T> task) {
    Objects.requireNonNull(seam, "seam");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(task, "task");
    return new CallMono<T>(() -> seam.call(options, task));
  }

  /**
   * A {@code Mono} of whatever seam future {@code submit} returns: an {@code AsyncJdbc} query, a
   * {@code Seam.adapt} proxy's method. {@code submit} runs once per subscription, on the
   * subscribing thread, inside the subscriber's context.
   *
   * @param submit submits one call and returns its future; it must not block. If it throws, or
   *     returns null, the subscriber receives that failure (a {@code NullPointerException} for
   *     null)
   * @param <T> the result type
   * @return a cold {@code Mono}: one call per subscription
   * @throws NullPointerException if {@code submit} is null
   */
  public static <T> Mono<T> defer(Supplier<? extends CompletionStage<? extends T>> submit) {
    return new CallMono<T>(submit);
  }

  /**
   * A {@code Flux} over a cold publisher whose each subscription is one seam call, such as {@code
   * AsyncJdbc.stream(...)}: {@code request(n)} reaches the publisher (a row stream reads rows only
   * as requested, so an unbounded subscriber is held to the driver's fetch size), and cancelling
   * the subscription cancels the stream's statement and returns its connection. The publisher is
   * subscribed inside the subscriber's context, as for {@link #mono(Seam, Callable)}.
   *
   * @param publisher the cold publisher
   * @param <T> the element type
   * @return a {@code Flux}: one subscription of {@code publisher} per subscription
   * @throws NullPointerException if {@code publisher} is null
   */
  public static <T> Flux<T> flux(Flow.Publisher<T> publisher) {
    return new StreamFlux<>(publisher);
  }

  /**
   * How many emitted items {@link #produce(Seam, BlockingProducer)} holds while there is no demand.
   */
  public static final int DEFAULT_PRODUCER_BUFFER = 16;

  /**
   * A {@code Flux} of the items a blocking producer emits, with the seam's default options and a
   * buffer of {@value #DEFAULT_PRODUCER_BUFFER} items. See {@link #produce(Seam, CallOptions, int,
   * BlockingProducer)}.
   *
   * @param seam where the producer runs
   * @param producer the blocking producer
   * @param <T> the item type
   * @return a cold {@code Flux}: one producer call per subscription
   * @throws NullPointerException if an argument is null
   */
  public static <T> Flux<T> produce(Seam seam, BlockingProducer<T> producer) {
    return produce(seam, CallOptions.defaults(), DEFAULT_PRODUCER_BUFFER, producer);
  }

  /**
   * A {@code Flux} of the items a blocking producer emits: each subscription runs {@code producer}
   * as one call on {@code seam} (its deadline counts from the subscription, so give a long-lived
   * stream a long timeout), in the subscriber's context as for {@link #mono(Seam, Callable)}.
   *
   * <p><b>Back-pressure.</b> Items wait for demand in a buffer of {@code buffer} items; when it is
   * full, {@code emit} blocks the producer until the subscriber requests more, so an unbounded
   * producer holds at most {@code buffer} items in memory. {@code onNext} runs on the producer's
   * worker inside {@code emit}, or on the thread that calls {@code request}.
   *
   * <p><b>Cancellation.</b> Cancelling the subscription (a {@code take(n)}, a {@code timeout}, an
   * HTTP client that disconnects from a Reactor Netty or WebFlux response) cancels the call: its
   * cancel hooks run, its worker is interrupted if the seam or options say so, a waiting {@code
   * emit} returns by throwing, and buffered items are dropped. A subscriber that cancelled hears
   * nothing more.
   *
   * <p><b>End.</b> The producer returning completes the {@code Flux} after the buffered items; its
   * failure, the deadline, or a full or closed seam fail it with the seam's exception after them.
   *
   * @param seam where the producer runs
   * @param options the call's options (its timeout bounds the whole stream)
   * @param buffer how many emitted items wait for demand before {@code emit} blocks, at least 1
   * @param producer the blocking producer
   * @param <T> the item type
   * @return a cold {@code Flux}: one producer call per subscription
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code buffer} is less than 1
   */
  public static <T> Flux<T> produce(
      Seam seam, CallOptions options, int buffer, BlockingProducer<T> producer) {
    Objects.requireNonNull(seam, "seam");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(producer, "producer");
    return new ProducerFlux<>(task -> seam.call(options, task), producer, buffer);
  }
}
