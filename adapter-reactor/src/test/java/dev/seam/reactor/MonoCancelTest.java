package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.SeamTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Cancelling a subscription cancels the call: hooks run, a queued call never starts. */
class MonoCancelTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final Seam seam = Seam.builder("cancel-test").maxConcurrency(1).maxQueued(4).build();

  @AfterEach
  void close() {
    seam.close();
  }

  /** A call that registers a hook and then waits, as a JDBC call waits in the driver. */
  private static final class Blocked {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch hookRan = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();

    Mono<String> mono(Seam seam) {
      return SeamReactor.mono(
          seam,
          call -> {
            call.onCancel(hookRan::countDown);
            started.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              interrupted.set(true);
            }
            return "done";
          });
    }

    void awaitStarted() throws InterruptedException {
      assertThat(started.await(10, TimeUnit.SECONDS)).as("call started").isTrue();
    }

    void awaitHookIfStarted() throws InterruptedException {
      if (started.getCount() == 0) {
        awaitHook();
      }
    }

    void awaitHook() throws InterruptedException {
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).as("cancel hook ran").isTrue();
    }
  }

  @Test
  void disposeRunsTheCallsCancelHooks() throws Exception {
    Blocked b = new Blocked();
    AtomicInteger signals = new AtomicInteger();
    Disposable d =
        b.mono(seam).subscribe(v -> signals.incrementAndGet(), e -> signals.incrementAndGet());
    b.awaitStarted();

    d.dispose();

    b.awaitHook();
    awaitIdle();
    assertThat(b.interrupted).isTrue(); // the seam's default: hooks, then interrupt
    assertThat(seam.stats().cancelled()).isEqualTo(1);
    assertThat(signals).as("a cancelled subscriber hears nothing").hasValue(0);
  }

  @Test
  void timeoutOperatorCancelsTheCall() throws Exception {
    Blocked b = new Blocked();
    Sinks.Empty<Void> fire = Sinks.empty();
    Mono<String> timed = b.mono(seam).timeout(fire.asMono());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch failed = new CountDownLatch(1);
    timed.subscribe(
        v -> {},
        e -> {
          failure.set(e);
          failed.countDown();
        });
    b.awaitStarted();

    fire.tryEmitEmpty();

    b.awaitHook();
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failure.get()).isInstanceOf(TimeoutException.class);
    awaitIdle();
  }

  @Test
  void timeoutWithADurationOnTheParallelSchedulerCancelsTheCall() throws Exception {
    Blocked b = new Blocked();
    StepVerifier.create(b.mono(seam).timeout(Duration.ofMillis(200), Schedulers.parallel()))
        .expectError(TimeoutException.class)
        .verify(BOUND);
    b.awaitHookIfStarted(); // under load the timer may fire while the call is still queued
    awaitIdle();
    assertThat(seam.stats().cancelled()).isEqualTo(1);
  }

  @Test
  void theSeamsDeadlineFailsTheMonoWithItsTimeoutException() throws Exception {
    Blocked b = new Blocked();
    Mono<String> mono =
        SeamReactor.mono(
            seam,
            CallOptions.timeout(Duration.ofMillis(100)),
            call -> {
              call.onCancel(b.hookRan::countDown);
              b.started.countDown();
              b.release.await();
              return "late";
            });

    StepVerifier.create(mono)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(SeamTimeoutException.class)
                    .hasMessageContaining("cancel-test")
                    .satisfies(
                        t ->
                            assertThat(t.getSuppressed())
                                .anySatisfy(s -> assertThat(s).hasMessage("assembled at"))))
        .verify(BOUND);
    b.awaitHookIfStarted();
    awaitIdle();
  }

  @Test
  void cancelInsideOnSubscribeNeverSubmits() {
    AtomicInteger runs = new AtomicInteger();
    SeamReactor.mono(seam, runs::incrementAndGet)
        .subscribe(
            new BaseSubscriber<Integer>() {
              @Override
              protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                cancel();
              }
            });

    assertThat(seam.stats().submitted()).isZero();
    assertThat(runs).hasValue(0);
  }

  @Test
  void aQueuedCallWhoseSubscriberLeavesNeverStarts() throws Exception {
    Blocked first = new Blocked();
    Disposable running = first.mono(seam).subscribe();
    first.awaitStarted();
    AtomicInteger secondRuns = new AtomicInteger();
    Disposable queued = SeamReactor.mono(seam, secondRuns::incrementAndGet).subscribe();
    assertThat(seam.stats().queued()).isEqualTo(1);

    queued.dispose();
    first.release.countDown();

    awaitIdle();
    assertThat(secondRuns).hasValue(0);
    assertThat(seam.stats().cancelled()).isEqualTo(1);
    assertThat(seam.stats().succeeded()).isEqualTo(1);
    running.dispose();
  }

  @Test
  void takeLeavingEarlyCancelsTheCall() throws Exception {
    Blocked b = new Blocked();
    Mono<String> afterStart =
        Mono.fromCallable(
                () -> {
                  b.awaitStarted();
                  return "other";
                })
            .subscribeOn(Schedulers.boundedElastic());

    StepVerifier.create(b.mono(seam).mergeWith(afterStart).take(1))
        .expectNext("other")
        .expectComplete()
        .verify(BOUND);

    b.awaitHook();
    awaitIdle();
    assertThat(seam.stats().cancelled()).isEqualTo(1);
  }

  @Test
  void cancelAfterTheValueIsReadyButBeforeDemandDropsTheValue() throws Exception {
    List<Object> signals = new ArrayList<>();
    BaseSubscriber<String> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
            // no request: the value must wait
          }

          @Override
          protected void hookOnNext(String value) {
            signals.add(value);
          }

          @Override
          protected void hookOnError(Throwable t) {
            signals.add(t);
          }
        };
    SeamReactor.mono(seam, () -> "ready").subscribe(subscriber);
    awaitIdle();
    assertThat(seam.stats().succeeded()).isEqualTo(1);

    subscriber.cancel();
    subscriber.request(1);

    assertThat(signals).isEmpty();
    assertThat(seam.stats().cancelled()).isZero(); // it had finished: nothing to cancel
  }

  @Test
  void cancelLandingAsTheCallReturnsGivesOneOutcomeOnly() throws Exception {
    // The call has produced its value and waits at its last instruction; the cancel lands there.
    CountDownLatch atReturn = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger hooks = new AtomicInteger();
    CountDownLatch hookRan = new CountDownLatch(1);
    List<Object> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
    Disposable d =
        SeamReactor.mono(
                seam,
                call -> {
                  call.onCancel(
                      () -> {
                        hooks.incrementAndGet();
                        hookRan.countDown();
                      });
                  String v = "value";
                  atReturn.countDown();
                  awaitUninterruptibly(go);
                  return v;
                })
            .subscribe(signals::add, signals::add);
    assertThat(atReturn.await(10, TimeUnit.SECONDS)).isTrue();

    d.dispose();
    go.countDown();

    assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
    awaitIdle();
    assertThat(hooks).hasValue(1);
    assertThat(signals).isEmpty();
    SeamStats s = seam.stats();
    assertThat(s.cancelled() + s.succeeded()).isEqualTo(1);
  }

  @Test
  void disposeRacingCompletionUnderStress() throws Exception {
    int rounds = 300;
    Seam wide = Seam.builder("cancel-stress").maxConcurrency(4).maxQueued(rounds).build();
    try {
      List<AtomicInteger> terminals = new ArrayList<>();
      CountDownLatch keptDone = new CountDownLatch(rounds / 2);
      for (int i = 0; i < rounds; i++) {
        AtomicInteger t = new AtomicInteger();
        terminals.add(t);
        boolean kept = i % 2 == 1;
        Runnable terminal =
            () -> {
              t.incrementAndGet();
              if (kept) {
                keptDone.countDown();
              }
            };
        Disposable d =
            SeamReactor.mono(wide, () -> 1).subscribe(v -> {}, e -> terminal.run(), terminal);
        if (!kept) {
          d.dispose(); // races the worker that completes it
        }
      }
      assertThat(keptDone.await(10, TimeUnit.SECONDS)).as("every kept subscriber heard").isTrue();
      awaitIdle(wide);
      SeamStats s = wide.stats();
      assertThat(s.succeeded() + s.cancelled()).isEqualTo(rounds);
      assertThat(s.failed()).isZero();
      for (int i = 0; i < rounds; i++) {
        assertThat(terminals.get(i).get()).as("round " + i).isLessThanOrEqualTo(1);
      }
    } finally {
      wide.close();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the cancel's interrupt: the call finishes its return regardless
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitIdle() throws InterruptedException {
    awaitIdle(seam);
  }

  /** Waits (bounded) until the seam has nothing running or queued: its workers have returned. */
  static void awaitIdle(Seam seam) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      SeamStats s = seam.stats();
      if (s.running() == 0 && s.queued() == 0 && s.inFlight() == 0) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("seam not idle: " + s);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
