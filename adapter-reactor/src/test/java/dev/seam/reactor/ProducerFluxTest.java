package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import io.micrometer.context.ContextRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** A blocking producer as a Flux: order, back-pressure, cancel, failure and context. */
class ProducerFluxTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final Seam seam = Seam.builder("producer-test").maxConcurrency(2).build();

  @BeforeAll
  static void register() {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(new ReactorContextTest.RequestAccessor());
  }

  @AfterAll
  static void unregister() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(ReactorContextTest.KEY);
  }

  @AfterEach
  void close() {
    seam.close();
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
  }

  @Test
  void emitsInOrderThenCompletesOncePerSubscription() {
    AtomicInteger runs = new AtomicInteger();
    Flux<Integer> flux =
        SeamReactor.produce(
            seam,
            emitter -> {
              runs.incrementAndGet();
              for (int i = 1; i <= 100; i++) {
                emitter.emit(i);
              }
            });

    StepVerifier.create(flux.collectList())
        .assertNext(list -> assertThat(list).hasSize(100).isSorted().startsWith(1, 2, 3))
        .expectComplete()
        .verify(BOUND);
    StepVerifier.create(flux.take(3)).expectNext(1, 2, 3).expectComplete().verify(BOUND);
    assertThat(runs).hasValue(2);
  }

  @Test
  void emitBlocksWhileTheSubscriberHasNoDemand() throws Exception {
    CountDownLatch atFourth = new CountDownLatch(1);
    CountDownLatch exited = new CountDownLatch(1);
    AtomicBoolean fourthReturned = new AtomicBoolean();
    AtomicReference<Exception> stoppedBy = new AtomicReference<>();
    // buffer 2, demand 1: items 1 (delivered), 2 and 3 (buffered) fit; the fourth must wait.
    Flux<Integer> flux =
        SeamReactor.produce(
            seam,
            CallOptions.defaults(),
            2,
            emitter -> {
              try {
                emitter.emit(1);
                emitter.emit(2);
                emitter.emit(3);
                atFourth.countDown();
                emitter.emit(4);
                fourthReturned.set(true);
                new CountDownLatch(1).await(); // held here until cancelled
              } catch (InterruptedException | CancellationException e) {
                stoppedBy.set(e);
              } finally {
                exited.countDown();
              }
            });
    AtomicInteger received = new AtomicInteger();
    BaseSubscriber<Integer> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
            s.request(1);
          }

          @Override
          protected void hookOnNext(Integer value) {
            received.incrementAndGet();
          }
        };
    flux.subscribe(subscriber);

    await(atFourth, "the producer reached the fourth item");
    subscriber.dispose();
    await(exited, "the producer returned");
    assertThat(fourthReturned).as("emit(4) returned without demand").isFalse();
    assertThat(stoppedBy.get())
        .as("the waiting emit was stopped by the cancel")
        .isInstanceOfAny(InterruptedException.class, CancellationException.class);
    assertThat(received).hasValue(1);
  }

  @Test
  void cancellingRunsHooksAndInterruptsTheProducer() throws Exception {
    CountDownLatch hookRan = new CountDownLatch(1);
    CountDownLatch exited = new CountDownLatch(1);
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    Flux<Long> endless =
        SeamReactor.produce(
            seam,
            emitter -> {
              emitter.call().onCancel(hookRan::countDown);
              try {
                for (long n = 0; ; n++) {
                  emitter.emit(n);
                }
              } catch (InterruptedException | RuntimeException e) {
                stoppedBy.set(e);
              } finally {
                exited.countDown();
              }
            });

    StepVerifier.create(endless.take(5)).expectNextCount(5).expectComplete().verify(BOUND);

    await(hookRan, "cancel hook ran");
    await(exited, "producer stopped");
    assertThat(stoppedBy.get()).isNotNull();
  }

  /**
   * The cancel lands while the producer is between two emits: the emit that sees it must not end
   * the call before its future is cancelled, or the hooks would never run. Bounded hammer.
   */
  @Test
  void everyCancelReachesTheHooksWhileTheProducerEmits() throws Exception {
    for (int round = 0; round < 200; round++) {
      CountDownLatch hookRan = new CountDownLatch(1);
      Flux<Long> endless =
          SeamReactor.produce(
              seam,
              emitter -> {
                emitter.call().onCancel(hookRan::countDown);
                for (long n = 0; ; n++) {
                  emitter.emit(n);
                }
              });

      StepVerifier.create(endless.take(3)).expectNextCount(3).expectComplete().verify(BOUND);

      await(hookRan, "cancel hook ran in round " + round);
    }
  }

  @Test
  void aFailingProducerFailsTheFluxAfterItsItems() {
    Flux<String> flux =
        SeamReactor.produce(
            seam,
            emitter -> {
              emitter.emit("a");
              emitter.emit("b");
              throw new IOException("upstream gone");
            });

    StepVerifier.create(flux)
        .expectNext("a", "b")
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(SeamCallException.class)
                    .hasRootCauseInstanceOf(IOException.class)
                    .hasRootCauseMessage("upstream gone"))
        .verify(BOUND);
  }

  @Test
  void theProducerRunsInTheSubscribersReactorContext() {
    Flux<String> flux =
        SeamReactor.produce(
            seam, emitter -> emitter.emit(String.valueOf(ReactorContextTest.REQUEST.get())));

    StepVerifier.create(flux.contextWrite(Context.of(ReactorContextTest.KEY, "r-7")))
        .expectNext("r-7")
        .expectComplete()
        .verify(BOUND);
    assertThat(ReactorContextTest.REQUEST.get()).isNull();
  }

  @Test
  void badArgumentsAreRejectedAtAssembly() {
    assertThatThrownBy(() -> SeamReactor.produce(seam, CallOptions.defaults(), 0, emitter -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buffer < 1: 0");
    assertThatThrownBy(() -> SeamReactor.produce(seam, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("producer");
  }
}
