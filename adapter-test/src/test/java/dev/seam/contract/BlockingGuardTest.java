package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.seam.BlockingGuard;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamBlockingException;
import dev.seam.SeamScope;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The blocking guard reports a wait on a seam's unfinished work from a thread that must not block
 * (marked, event loop by name or Reactor marker, a predicate, the common pool), names the thread,
 * the seam and the call, and never affects the call. Off, nothing happens.
 */
@ExtendWith(SeamLeakCheck.class)
class BlockingGuardTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterEach
  void resetGuard() {
    BlockingGuard.off();
    BlockingGuard.eventLoopNames(BlockingGuard.DEFAULT_EVENT_LOOP_NAMES);
    BlockingGuard.commonPool(true);
  }

  private static Seam seam(String name) {
    return Seam.builder(name).maxConcurrency(1).build();
  }

  /** A call that runs until the gate opens, described so the message can name it. */
  private static CompletableFuture<String> held(Seam seam, Gate gate) {
    return seam.call(CallOptions.defaults().withDescription("find order 42"), c -> gate.pass("ok"));
  }

  /** Runs {@code body} on a new thread with {@code name}; returns what it threw, or null. */
  private static Throwable onThread(String name, ThrowingRunnable body)
      throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            name);
    t.start();
    t.join(WAIT.toMillis());
    assertThat(t.isAlive()).as("thread %s finished", name).isFalse();
    return thrown.get();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void offByDefaultAMarkedThreadMayWait() throws Exception {
    assertThat(BlockingGuard.mode()).isEqualTo(BlockingGuard.Mode.OFF);
    try (Seam seam = seam("guard-off");
        LogCapture log = new LogCapture();
        BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      gate.open();
      assertThat(f.join()).isEqualTo("ok");
      assertThat(log.messages()).noneMatch(m -> m.contains("must not block"));
    }
  }

  @Test
  void markedThreadThatWaitsIsWarnedWithTheThreadTheSeamTheCallAndItsStack() throws Exception {
    BlockingGuard.warn();
    try (Seam seam = seam("guard-warn");
        LogCapture log = new LogCapture()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      try (BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
        assertThat(BlockingGuard.mustNotBlock()).isTrue();
        // WARN mode: reported, then the wait goes ahead (and times out here, bounded).
        assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS))
            .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS))
            .isInstanceOf(TimeoutException.class);
      }
      assertThat(BlockingGuard.mustNotBlock()).isFalse();
      gate.open();
      assertThat(f).succeedsWithin(WAIT).isEqualTo("ok");

      List<ILoggingEvent> warnings =
          log.events().stream()
              .filter(e -> e.getFormattedMessage().contains("must not block"))
              .toList();
      assertThat(warnings).as("one WARN per seam per 10 s").hasSize(1);
      ILoggingEvent w = warnings.get(0);
      assertThat(w.getLevel()).isEqualTo(Level.WARN);
      assertThat(w.getFormattedMessage())
          .contains(
              Thread.currentThread().getName(),
              "markCurrentThread",
              "guard-warn",
              "find order 42",
              "SeamFuture.get(timeout)");
      assertThat(Arrays.stream(w.getThrowableProxy().getStackTraceElementProxyArray()))
          .anyMatch(frame -> frame.getSTEAsString().contains(getClass().getName()));
    }
  }

  @Test
  void failModeThrowsInsteadOfWaitingAndTheCallIsUnaffected() throws Exception {
    BlockingGuard.fail();
    try (Seam seam = seam("guard-fail")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      CompletableFuture<String> derived;
      try (BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
        assertThatThrownBy(f::join)
            .isInstanceOf(SeamBlockingException.class)
            .hasMessageContaining("guard-fail")
            .hasMessageContaining("find order 42")
            .hasMessageContaining("SeamFuture.join()")
            .satisfies(
                e -> assertThat(((SeamBlockingException) e).seamName()).isEqualTo("guard-fail"));
        assertThatThrownBy(f::get).isInstanceOf(SeamBlockingException.class);
        // A derived stage is a wait on the same call.
        derived = f.thenApply(String::toUpperCase);
        assertThatThrownBy(derived::join)
            .isInstanceOf(SeamBlockingException.class)
            .hasMessageContaining("a stage derived from")
            .hasMessageContaining("find order 42");
        gate.open();
        mark.close(); // AssertJ waits, on a thread that may block
        assertThat(derived).succeedsWithin(WAIT);
      }
      try (BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
        // Completed: joining does not block, so it is allowed even here.
        assertThat(f.join()).isEqualTo("ok");
        assertThat(derived.join()).isEqualTo("OK");
      }
      assertThat(seam.stats().succeeded()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nioEventLoopGroup-2-1",
        "epollEventLoopGroup-3-4",
        "vert.x-eventloop-thread-0",
        "reactor-http-nio-3",
        "lettuce-nioEventLoop-4-1",
        "XNIO-1 I/O-2",
        "seam-orders-timer"
      })
  void eventLoopThreadsAreKnownByName(String name) throws Exception {
    BlockingGuard.fail();
    try (Seam seam = seam("guard-names")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      Throwable thrown = onThread(name, f::join);
      gate.open();
      assertThat(thrown)
          .isInstanceOf(SeamBlockingException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("event-loop name");
      assertThat(f).succeedsWithin(WAIT);
    }
  }

  @Test
  void theNamePatternCanBeReplaced() throws Exception {
    BlockingGuard.fail();
    BlockingGuard.eventLoopNames("my-loop-\\d+");
    try (Seam seam = seam("guard-own-names")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      assertThat(onThread("my-loop-7", () -> f.get(1, TimeUnit.MILLISECONDS)))
          .isInstanceOf(SeamBlockingException.class);
      assertThat(onThread("vert.x-eventloop-thread-0", () -> f.get(1, TimeUnit.MILLISECONDS)))
          .isInstanceOf(TimeoutException.class); // no longer an event loop by name
      gate.open();
      assertThat(f).succeedsWithin(WAIT);
    }
    assertThatThrownBy(() -> BlockingGuard.eventLoopNames("loop-("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loop-(");
  }

  @Test
  void aPredicateForbidsTheThreadsItAcceptsUntilItIsRemoved() throws Exception {
    BlockingGuard.fail();
    try (Seam seam = seam("guard-predicate")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      try (BlockingGuard.Rule rule =
          BlockingGuard.forbid(t -> t.getName().startsWith("handler-"))) {
        assertThat(onThread("handler-1", () -> f.get(1, TimeUnit.MILLISECONDS)))
            .isInstanceOf(SeamBlockingException.class)
            .hasMessageContaining("predicate");
      }
      assertThat(onThread("handler-1", () -> f.get(1, TimeUnit.MILLISECONDS)))
          .isInstanceOf(TimeoutException.class);
      gate.open();
      assertThat(f).succeedsWithin(WAIT);
    }
  }

  @Test
  void reactorNonBlockingThreadsAreKnownByTheirMarker() {
    BlockingGuard.fail();
    BlockingGuard.eventLoopNames(""); // the marker alone, not the name "parallel-N"
    try (Seam seam = seam("guard-reactor")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      Mono<String> onParallel = Mono.fromCallable(f::join).subscribeOn(Schedulers.parallel());
      assertThatThrownBy(() -> onParallel.block(WAIT))
          .isInstanceOf(SeamBlockingException.class)
          .hasMessageContaining("reactor.core.scheduler.NonBlocking");
      gate.open();
      assertThat(f).succeedsWithin(WAIT);
    }
  }

  @Test
  void commonPoolWorkersMustNotBlockUnlessAllowed() throws Exception {
    BlockingGuard.fail();
    try (Seam seam = seam("guard-common-pool")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = held(seam, gate);
      // Submitted to the pool itself: CompletableFuture swaps a one-thread common pool for threads
      // of its own.
      ForkJoinTask<String> inPool = ForkJoinPool.commonPool().submit(() -> f.join());
      assertThatThrownBy(() -> inPool.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SeamBlockingException.class)
          .hasMessageContaining("ForkJoinPool.commonPool()");

      BlockingGuard.commonPool(false);
      ForkJoinTask<String> allowed =
          ForkJoinPool.commonPool()
              .submit(
                  () -> {
                    try {
                      return f.get(1, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                      return "timed out";
                    }
                  });
      assertThat(allowed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("timed out");
      gate.open();
      assertThat(f).succeedsWithin(WAIT);
    }
  }

  @Test
  void scopeJoinAndCloseOnAThreadThatMustNotBlockAreReported() throws Exception {
    BlockingGuard.fail();
    try (Seam seam = seam("guard-scope")) {
      Gate gate = new Gate();
      SeamScope scope = seam.scope();
      CompletableFuture<String> f = scope.call(() -> gate.pass("ok"));
      gate.awaitStarted();
      try (BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
        assertThatThrownBy(scope::join)
            .isInstanceOf(SeamBlockingException.class)
            .hasMessageContaining("SeamScope.join()")
            .hasMessageContaining("guard-scope");
        assertThat(f).isNotDone(); // join threw instead of waiting; nothing else happened
        // Close still closes and cancels; only the wait for the work to return is skipped.
        assertThatThrownBy(scope::close)
            .isInstanceOf(SeamBlockingException.class)
            .hasMessageContaining("SeamScope.close()");
        assertThat(f).isCancelled();
      }
      gate.awaitReturned(); // the cancel interrupted the call
      scope.close(); // on a thread that may block: waits for the work, which has returned
      try (BlockingGuard.Rule mark = BlockingGuard.markCurrentThread()) {
        assertThatCode(scope::close).doesNotThrowAnyException(); // nothing left to wait for
      }
    }
  }
}
