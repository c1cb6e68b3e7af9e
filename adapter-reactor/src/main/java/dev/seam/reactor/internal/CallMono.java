package dev.seam.reactor.internal;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A {@code Mono} that submits a seam call when subscribed, never at assembly: each subscription is
 * one call, submitted on the subscribing thread inside the subscriber's Reactor {@code Context}
 * (see {@link ReactorContexts}), and cancelling the subscription cancels the call's future.
 *
 * @param <T> the result type
 */
public final class CallMono<T> extends Mono<T> {
  private final Supplier<? extends CompletionStage<? extends T>> submit;
  private final AssemblySite site;

  /**
   * Creates the mono.
   *
   * @param submit submits the call and returns its future; run once per subscription
   */
  public CallMono(Supplier<? extends CompletionStage<? extends T>> submit) {
    this.submit = Objects.requireNonNull(submit, "submit");
    this.site = AssemblySite.capture();
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    CallSubscription<T> subscription = new CallSubscription<>(actual, site);
    actual.onSubscribe(subscription);
    if (subscription.isCancelled()) {
      return; // cancelled inside onSubscribe: the call is never submitted
    }
    CompletionStage<? extends T> call;
    try (ReactorContexts.Scope ignored = ReactorContexts.open(actual.currentContext())) {
      call = submit.get();
    } catch (RuntimeException | Error e) {
      subscription.fail(e); // a user's supplier that throws: the subscriber hears it
      return;
    }
    if (call == null) {
      subscription.fail(new NullPointerException("the supplier returned no future (null)"));
      return;
    }
    subscription.attach(call.toCompletableFuture());
  }
}
