package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** "Full, come back later" is a 200 stream with a retry hint that a spec-following client obeys. */
@ExtendWith(SeamLeakCheck.class)
class CapacityRefusalTest {
  private final ManualClock clock = new ManualClock();
  private final CountDownLatch release = new CountDownLatch(1);
  private Seam seam;
  private SseEndpoint endpoint;
  private TestServer server;

  private final CountDownLatch stubbornRelease = new CountDownLatch(1);

  /**
   * "?hold" streams hold their worker until released; "?stubborn" ones too, ignoring the interrupt
   * of their cancel as blocking code stuck in a socket read would; others send one event and end.
   */
  private final SseProducer producer =
      emitter -> {
        if (emitter.request().queryParameter("stubborn").isPresent()) {
          emitter.open();
          awaitIgnoringInterrupts(stubbornRelease);
        } else if (emitter.request().queryParameter("hold").isPresent()) {
          emitter.open();
          release.await();
        } else {
          emitter.send(SseEvent.of("welcome", "in").id(1));
        }
      };

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // stuck in blocking code that does not answer interrupts
      }
    }
  }

  private void serve(String binding, SseEndpointBuilder b) throws Exception {
    endpoint = b.build();
    server =
        binding.equals("jetty")
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
  }

  private SseEndpointBuilder endpointOn(int workers, int queued) {
    seam = Seam.builder("sse-cap").maxConcurrency(workers).maxQueued(queued).build();
    return SseEndpoint.builder(seam).clock(clock).retryAfter(Duration.ofMillis(200));
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    stubbornRelease.countDown();
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (seam != null) {
      seam.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aFullEndpointAnswersA200StreamWithAJitteredRetryHintThatThenEnds(String binding)
      throws Exception {
    serve(binding, endpointOn(4, 0).maxStreams(1));
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"))) {
      assertThat(held.status).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        try (RawSseClient refused = RawSseClient.open(server.uri("/events/c"))) {
          assertThat(refused.status).isEqualTo(200);
          assertThat(refused.header("Content-Type")).startsWith("text/event-stream");
          assertThat(refused.readToEnd()).contains(": server busy (ref ");
          assertThat(refused.parser().events()).isEmpty();
          assertThat(refused.parser().retry()).isBetween(200L, 300L);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aSpecFollowingClientHonoursTheRetryHintAndGetsInOnceASlotIsFree(String binding)
      throws Exception {
    serve(binding, endpointOn(1, 10));
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"));
        ReconnectingSpecClient client = new ReconnectingSpecClient()) {
      assertThat(held.status).isEqualTo(200);
      CompletableFuture<ReconnectingSpecClient.Attempt> in =
          client.connectUntilEvent(server.uri("/events/c"), 50);
      await().atMost(Duration.ofSeconds(10)).until(() -> !client.attempts.isEmpty());
      release.countDown(); // the held stream ends and frees its worker
      assertThat(in)
          .succeedsWithin(Duration.ofSeconds(10))
          .satisfies(
              a ->
                  assertThat(a.events())
                      .containsExactly(new SpecParser.Dispatched("welcome", "in", "1")));
      ReconnectingSpecClient.Attempt first = client.attempts.get(0);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.raw()).contains(": server busy (ref "); // the seam's workers
      assertThat(first.retryMillis()).isBetween(200L, 300L);
    }
  }

  @Test
  void aStreamIsRefusedAtOnceInsteadOfWaitingInTheSeamQueueWithoutHeaders() throws Exception {
    serve("jetty", endpointOn(1, 100).maxStreams(5)); // above the workers: warned at build
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"));
        RawSseClient next = RawSseClient.open(server.uri("/events/c"))) {
      // the clock never moves: without the refusal this would wait for a keep-alive forever
      assertThat(next.status).isEqualTo(200);
      assertThat(next.readToEnd())
          .contains(": server busy (ref ")
          .contains("\nretry: ")
          .doesNotContain("sse-cap");
      assertThat(seam.stats().queued()).isZero();
      assertThat(endpoint.openStreams()).isEqualTo(1);
    }
  }

  @Test
  void aStreamIsRefusedWhileAGoneClientsCancelledProducerStillHoldsTheWorker() throws Exception {
    serve("jetty", endpointOn(1, 100).keepAlive(Duration.ofSeconds(15)));
    RawSseClient gone = RawSseClient.open(server.uri("/events/c?stubborn"));
    assertThat(gone.status).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 1); // writer idle
    gone.close();
    clock.advance(Duration.ofSeconds(15)); // the keep-alive finds it gone, cancels the producer
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
    assertThat(seam.stats().running()).isEqualTo(1); // still stuck, still holding its worker
    try (RawSseClient next = RawSseClient.open(server.uri("/events/c"))) {
      assertThat(next.status).isEqualTo(200);
      assertThat(next.readToEnd()).contains(": server busy (ref ").doesNotContain("sse-cap");
      assertThat(seam.stats().queued()).isZero(); // refused, not queued behind the stuck call
    }
    stubbornRelease.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    try (ReconnectingSpecClient client = new ReconnectingSpecClient()) {
      assertThat(client.connectUntilEvent(server.uri("/events/c"), 20))
          .succeedsWithin(Duration.ofSeconds(10)); // the worker is back: streams are served again
    }
  }

  @Test
  void aStreamOnASeamWhoseWorkersAreBusyWithOtherWorkIsRefusedAtOnceAndNeverQueues()
      throws Exception {
    serve("jetty", endpointOn(2, 10).keepAlive(Duration.ofSeconds(15)));
    CountDownLatch otherWork = new CountDownLatch(1);
    CompletableFuture<Object> job = seam.call(() -> otherWork.await(10, TimeUnit.SECONDS));
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"))) {
      assertThat(held.status).isEqualTo(200);
      // The clock never moves: a stream left in the seam's queue would get no headers at all.
      try (RawSseClient c = RawSseClient.open(server.uri("/events/c"))) {
        assertThat(c.status).isEqualTo(200);
        assertThat(c.readToEnd()).contains(": server busy (ref ").doesNotContain("sse-cap");
        assertThat(c.parser().retry()).isBetween(200L, 300L);
        assertThat(c.parser().events()).isEmpty(); // its producer never ran
      }
      assertThat(seam.stats().queued()).isZero();
      assertThat(seam.stats().submitted()).isEqualTo(2); // the job and the held stream only
    } finally {
      otherWork.countDown();
    }
    assertThat(job).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void statusOptionAnswers503WithRetryAfterForClientsThatAreNotBrowsers() throws Exception {
    serve("jdk", endpointOn(1, 0).refusal(SseRefusal.STATUS_503).retryAfter(Duration.ofSeconds(7)));
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"));
        RawSseClient refused = RawSseClient.open(server.uri("/events/c"))) {
      assertThat(held.status).isEqualTo(200);
      assertThat(refused.status).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("7");
      assertThat(refused.readToEnd()).contains("server busy (ref ").doesNotContain("max");
    }
  }

  @Test
  void theFirstRefusalForWantOfWorkersBelowMaxStreamsIsLoggedOnceAsAWarning() throws Exception {
    serve("jdk", endpointOn(1, 0).maxStreams(5));
    Logger log = (Logger) LoggerFactory.getLogger("dev.seam.sse.internal.Streams");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try (RawSseClient held = RawSseClient.open(server.uri("/events/c?hold"))) {
      assertThat(held.status).isEqualTo(200);
      assertThat(appender.list).isEmpty(); // nothing at build: it may be a broadcast endpoint
      for (int i = 0; i < 2; i++) {
        try (RawSseClient refused = RawSseClient.open(server.uri("/events/c"))) {
          assertThat(refused.readToEnd()).contains("server busy (ref ");
        }
      }
      assertThat(appender.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage())
                    .contains("refused a stream below its maxStreams(5)")
                    .contains("all 1 workers of seam 'sse-cap' hold streams")
                    .contains("Set maxStreams(1)");
              });
    } finally {
      log.detachAppender(appender);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aRefusalTellsTheClientAGenericReasonAndTheServerLogTheDetailUnderTheSameReference(
      String binding) throws Exception {
    serve(binding, endpointOn(1, 0));
    Logger log = (Logger) LoggerFactory.getLogger("dev.seam.sse.refused");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    seam.close(); // the stream's call fails with the seam's own message: its name, its figures
    try (RawSseClient refused = RawSseClient.open(server.uri("/events/c"))) {
      assertThat(refused.status).isEqualTo(200);
      String wire = refused.readToEnd();
      assertThat(wire)
          .containsPattern(": service unavailable \\(ref [0-9a-f]{8}\\)\nretry: ")
          .doesNotContain("sse-cap")
          .doesNotContain("closed")
          .doesNotContain("Exception");
      String ref = wire.substring(wire.indexOf("(ref ") + 5, wire.indexOf("(ref ") + 13);
      assertThat(appender.list)
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("ref " + ref).contains("sse-cap");
              });
    } finally {
      log.detachAppender(appender);
    }
  }
}
