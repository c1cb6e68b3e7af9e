package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamRejectedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * BlockHound on Reactor's non-blocking threads: a handler that calls a sync DAO in place is caught;
 * the same DAO through seam-reactor is clean, including a full seam's rejection and a dispose.
 */
class BlockHoundTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** A legacy DAO: it waits, as a JDBC driver waits on its socket. */
  static final class LegacyDao {
    String find(long id) throws InterruptedException {
      Thread.sleep(1);
      return "order-" + id;
    }
  }

  private final LegacyDao dao = new LegacyDao();
  private final Seam seam = Seam.builder("hound").maxConcurrency(1).maxQueued(0).build();

  @BeforeAll
  static void install() {
    BlockHound.install(); // Reactor's integration marks parallel() and single() non-blocking
  }

  @AfterEach
  void close() {
    seam.close();
  }

  @Test
  void aHandlerThatCallsTheDaoOnANonBlockingThreadIsCaught() {
    Mono<String> handler = Mono.fromCallable(() -> dao.find(1)).subscribeOn(Schedulers.parallel());

    StepVerifier.create(handler)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(BlockingOperationError.class)
                    .hasMessageContaining("Thread.sleep"))
        .verify(BOUND);
  }

  @Test
  void theSameHandlerThroughSeamReactorIsClean() {
    Mono<String> handler =
        SeamReactor.mono(seam, () -> dao.find(2)).subscribeOn(Schedulers.parallel());

    StepVerifier.create(handler).expectNext("order-2").expectComplete().verify(BOUND);
  }

  @Test
  void aFullSeamRejectsAndADisposeCancelsWithoutBlockingTheNonBlockingThread() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch hookRan = new CountDownLatch(1);
    Disposable occupant =
        SeamReactor.mono(
                seam,
                call -> {
                  call.onCancel(hookRan::countDown);
                  started.countDown();
                  return dao.find(3) + waitForCancel(hookRan);
                })
            .subscribeOn(Schedulers.parallel())
            .subscribe();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    StepVerifier.create(
            SeamReactor.mono(seam, () -> dao.find(4)).subscribeOn(Schedulers.parallel()))
        .expectError(SeamRejectedException.class)
        .verify(BOUND);

    Schedulers.parallel().schedule(occupant::dispose); // the cancel, from a non-blocking thread
    assertThat(hookRan.await(10, TimeUnit.SECONDS)).as("cancel hook ran").isTrue();
  }

  private static String waitForCancel(CountDownLatch hookRan) throws InterruptedException {
    hookRan.await(); // on the seam's worker, where blocking is the point
    return "";
  }
}
