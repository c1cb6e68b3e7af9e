package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A seam call as a {@code Mono}: lazy, one call per subscription, results and failures. */
class MonoTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final Seam seam = Seam.builder("mono-test").maxConcurrency(2).build();

  @AfterEach
  void close() {
    seam.close();
  }

  @Test
  void nothingIsSubmittedAtAssemblyAndEachSubscriptionIsOneCall() {
    AtomicInteger runs = new AtomicInteger();
    Mono<Integer> mono = SeamReactor.mono(seam, runs::incrementAndGet);

    assertThat(seam.stats().submitted()).isZero();
    assertThat(runs).hasValue(0);

    StepVerifier.create(mono).expectNext(1).expectComplete().verify(BOUND);
    StepVerifier.create(mono).expectNext(2).expectComplete().verify(BOUND);
    assertThat(seam.stats().submitted()).isEqualTo(2);
  }

  @Test
  void valueArrivesOnTheSeamWorkerWhenTheCallEndsAfterSubscription() {
    CountDownLatch release = new CountDownLatch(1);
    Mono<String> mono =
        SeamReactor.mono(
                seam,
                () -> {
                  release.await();
                  return "v";
                })
            .map(v -> Thread.currentThread().getName());

    StepVerifier.create(mono)
        .then(release::countDown)
        .assertNext(name -> assertThat(name).startsWith("seam-mono-test-"))
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void nullResultCompletesEmpty() {
    StepVerifier.create(SeamReactor.mono(seam, () -> null)).expectComplete().verify(BOUND);
    StepVerifier.create(SeamReactor.mono(seam, call -> null)).expectComplete().verify(BOUND);
  }

  @Test
  void userExceptionArrivesAsTheSeamsStoryWithTheAssemblyLine() {
    IOException boom = new IOException("boom");
    Mono<String> mono = assembleFailingMono(boom); // the line a reader wants to see

    StepVerifier.create(mono)
        .expectErrorSatisfies(
            e -> {
              assertThat(e)
                  .isInstanceOf(SeamCallException.class)
                  .hasCause(boom)
                  .hasMessageContaining("seam 'mono-test'")
                  .hasMessageContaining("queued");
              assertThat(e.getSuppressed()).hasSize(1);
              Throwable site = e.getSuppressed()[0];
              assertThat(site).hasMessage("assembled at");
              assertThat(site.getStackTrace()[0].getMethodName()).isEqualTo("assembleFailingMono");
              assertThat(site.getStackTrace()[0].getClassName())
                  .isEqualTo(MonoTest.class.getName());
            })
        .verify(BOUND);
  }

  private Mono<String> assembleFailingMono(IOException boom) {
    return SeamReactor.mono(
        seam,
        () -> {
          throw boom;
        });
  }

  @Test
  void eachFailedSubscriptionCarriesTheAssemblySiteOnce() {
    Mono<String> mono = assembleFailingMono(new IOException("again"));

    for (int i = 0; i < 2; i++) {
      StepVerifier.create(mono)
          .expectErrorSatisfies(e -> assertThat(e.getSuppressed()).hasSize(1))
          .verify(BOUND);
    }
  }

  @Test
  void deferSubmitsPerSubscriptionInsideTheSubscription() {
    AtomicInteger submits = new AtomicInteger();
    Mono<Integer> mono =
        SeamReactor.defer(
            () -> {
              submits.incrementAndGet();
              return seam.call(() -> 7);
            });

    assertThat(submits).hasValue(0);
    StepVerifier.create(mono.repeat(2)).expectNext(7, 7, 7).verifyComplete();
    assertThat(submits).hasValue(3);
  }

  @Test
  void supplierThatThrowsOrReturnsNullFailsTheMono() {
    IllegalStateException bad = new IllegalStateException("no");
    StepVerifier.create(
            SeamReactor.<String>defer(
                () -> {
                  throw bad;
                }))
        .expectErrorMatches(e -> e == bad)
        .verify(BOUND);
    StepVerifier.create(SeamReactor.<String>defer(() -> null))
        .expectErrorSatisfies(
            e ->
                assertThat(e).isInstanceOf(NullPointerException.class).hasMessageContaining("null"))
        .verify(BOUND);
  }

  @Test
  void aFutureThatAlreadyFailedIsDeliveredUnwrapped() {
    IOException cause = new IOException("done already");
    StepVerifier.create(SeamReactor.<String>defer(() -> CompletableFuture.failedFuture(cause)))
        .expectErrorMatches(e -> e == cause)
        .verify(BOUND);
  }

  @Test
  void valueWaitsForDemand() {
    StepVerifier.create(SeamReactor.mono(seam, () -> "late"), 0)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(20))
        .thenRequest(1)
        .expectNext("late")
        .verifyComplete();
  }
}
