package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The seam's bounds replace boundedElastic: a full seam fails the Mono at once, on any thread. */
class RejectionTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final Seam seam = Seam.builder("full").maxConcurrency(1).maxQueued(0).build();

  @AfterEach
  void close() {
    seam.close();
  }

  @Test
  void aFullSeamFailsTheMonoOnTheNonBlockingThreadThatSubscribed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Disposable occupant =
        SeamReactor.mono(
                seam,
                () -> {
                  started.countDown();
                  release.await();
                  return "occupant";
                })
            .subscribe();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicReference<String> signalledOn = new AtomicReference<>();

    Mono<String> rejected =
        SeamReactor.mono(seam, () -> "never")
            .doOnError(
                e ->
                    signalledOn.set(
                        Thread.currentThread().getName()
                            + (Schedulers.isInNonBlockingThread() ? " (non-blocking)" : "")))
            .subscribeOn(Schedulers.parallel());

    StepVerifier.create(rejected)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(SeamRejectedException.class)
                    .hasMessageContaining("full"))
        .verify(BOUND);
    assertThat(signalledOn.get()).startsWith("parallel-").endsWith("(non-blocking)");
    release.countDown();
    occupant.dispose();
  }

  @Test
  void aClosedSeamFailsTheMonoWithItsClosedException() {
    seam.close();
    StepVerifier.create(SeamReactor.mono(seam, () -> "late").subscribeOn(Schedulers.parallel()))
        .expectError(SeamClosedException.class)
        .verify(BOUND);
  }
}
