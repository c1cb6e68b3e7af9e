package dev.seam.reactor.internal;

import java.util.Objects;
import java.util.concurrent.Flow;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * A {@code Flux} over a cold {@link Flow.Publisher} whose subscription submits a seam call (a row
 * stream of {@code AsyncJdbc.stream}): it subscribes inside the subscriber's Reactor {@code
 * Context} (see {@link ReactorContexts}), so the call captures that context, and passes {@code
 * request(n)} and {@code cancel()} straight through.
 *
 * @param <T> the element type
 */
public final class StreamFlux<T> extends Flux<T> {
  private final Flux<T> source;

  /**
   * Creates the flux.
   *
   * @param publisher the cold publisher; subscribed once per subscription
   */
  public StreamFlux(Flow.Publisher<T> publisher) {
    Objects.requireNonNull(publisher, "publisher");
    AssemblySite site = AssemblySite.capture();
    this.source = JdkFlowAdapter.flowPublisherToFlux(publisher).onErrorMap(site::attachTo);
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    try (ReactorContexts.Scope ignored = ReactorContexts.open(actual.currentContext())) {
      source.subscribe(actual);
    }
  }
}
