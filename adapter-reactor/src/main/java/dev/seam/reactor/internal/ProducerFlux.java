package dev.seam.reactor.internal;

import dev.seam.CallContext;
import dev.seam.SeamCallable;
import dev.seam.reactor.BlockingProducer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * A {@code Flux} whose each subscription runs a {@link BlockingProducer} as one seam call,
 * submitted on the subscribing thread inside the subscriber's Reactor {@code Context} (see {@link
 * ReactorContexts}); see {@link ProducerSubscription} for the hand-off and the cancel.
 *
 * @param <T> the item type
 */
public final class ProducerFlux<T> extends Flux<T> {
  private final Function<SeamCallable<Void>, CompletableFuture<Void>> submit;
  private final BlockingProducer<T> producer;
  private final int buffer;
  private final AssemblySite site;

  /**
   * Creates the flux.
   *
   * @param submit submits one call on the seam
   * @param producer the producer; run once per subscription
   * @param buffer how many items may wait for demand, at least 1
   */
  public ProducerFlux(
      Function<SeamCallable<Void>, CompletableFuture<Void>> submit,
      BlockingProducer<T> producer,
      int buffer) {
    this.submit = Objects.requireNonNull(submit, "submit");
    this.producer = Objects.requireNonNull(producer, "producer");
    if (buffer < 1) {
      throw new IllegalArgumentException("buffer < 1: " + buffer);
    }
    this.buffer = buffer;
    this.site = AssemblySite.capture();
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    ProducerSubscription<T> subscription = new ProducerSubscription<>(actual, buffer, site);
    actual.onSubscribe(subscription);
    if (subscription.isCancelled()) {
      return; // cancelled inside onSubscribe: the producer never runs
    }
    CompletableFuture<Void> call;
    try (ReactorContexts.Scope ignored = ReactorContexts.open(actual.currentContext())) {
      call = submit.apply((CallContext context) -> subscription.run(producer, context));
    } catch (RuntimeException | Error e) {
      subscription.attach(CompletableFuture.failedFuture(e));
      return;
    }
    subscription.attach(call);
  }
}
