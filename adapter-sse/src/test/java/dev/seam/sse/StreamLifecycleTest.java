package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Stream timeout, publisher cancellation and configuration checks. */
@ExtendWith(SeamLeakCheck.class)
class StreamLifecycleTest {
  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-life").clock(clock).build();
  private SseEndpoint endpoint;
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void streamTimeoutEndsTheStreamCleanlyWithoutAnErrorEvent() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .clock(clock)
            .keepAlive(Duration.ofMinutes(5))
            .streamTimeout(Duration.ofMinutes(1))
            .build();
    CountDownLatch interrupted = new CountDownLatch(1);
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              emitter.send(SseEvent.of("tick", "1").id(1));
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
            });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/t"))) {
      c.awaitEvent(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 2); // tick + deadline
      clock.advance(Duration.ofMinutes(1));
      c.readToEnd();
      assertThat(c.parser().events())
          .extracting(SpecParser.Dispatched::type)
          .containsExactly("tick");
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aLongLivedStreamIsNotLoggedAsASlowCall() throws Exception {
    endpoint = SseEndpoint.builder(seam).clock(clock).keepAlive(Duration.ofMinutes(5)).build();
    CountDownLatch release = new CountDownLatch(1);
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              emitter.send(SseEvent.of("tick", "1"));
              release.await();
            });
    Logger log = (Logger) LoggerFactory.getLogger(Seam.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    CountDownLatch otherStarted = new CountDownLatch(1);
    CountDownLatch otherRelease = new CountDownLatch(1);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/long"))) {
      c.awaitEvent(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 2); // tick + deadline
      clock.advance(Duration.ofSeconds(20)); // four times the seam's default 5 s threshold
      assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains("running for"));
      // the same seam still warns about an ordinary call that runs long
      CompletableFuture<Boolean> other =
          seam.call(
              () -> {
                otherStarted.countDown();
                return otherRelease.await(10, TimeUnit.SECONDS);
              });
      assertThat(otherStarted.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(5));
      assertThat(appender.list)
          .filteredOn(e -> e.getFormattedMessage().contains("running for"))
          .hasSize(1);
      otherRelease.countDown();
      assertThat(other).succeedsWithin(Duration.ofSeconds(10));
    } finally {
      log.detachAppender(appender);
      otherRelease.countDown();
      release.countDown();
    }
  }

  @Test
  void disconnectCancelsTheSubscriptionOfAStreamedPublisher() throws Exception {
    endpoint = SseEndpoint.builder(seam).clock(clock).keepAlive(Duration.ofSeconds(1)).build();
    CountDownLatch cancelled = new CountDownLatch(1);
    Flow.Publisher<Integer> endless =
        s ->
            s.onSubscribe(
                new Flow.Subscription() {
                  private boolean sentFirst;

                  @Override
                  public void request(long n) {
                    if (!sentFirst) {
                      sentFirst = true;
                      s.onNext(1); // then nothing more: a slow query still running
                    }
                  }

                  @Override
                  public void cancel() {
                    cancelled.countDown();
                  }
                });
    server = TestServer.jetty(endpoint, emitter -> emitter.stream(endless, i -> SseEvent.of("r")));
    RawSseClient c = RawSseClient.open(server.uri("/events/p"));
    c.awaitEvent(1);
    // idle: only the keep-alive tick and the producer's seam deadline are scheduled
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 2);
    c.close();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }

  @Test
  void badSettingsAreRejectedAtBuildNamingTheValue() {
    assertThatThrownBy(() -> SseEndpoint.builder(seam).keepAlive(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAlive <= 0: PT0S");
    assertThatThrownBy(() -> SseEndpoint.builder(seam).bufferCapacity(0).build())
        .hasMessage("bufferCapacity < 1: 0");
    assertThatThrownBy(() -> SseEndpoint.builder(seam).maxStreams(-3).build())
        .hasMessage("maxStreams < 1: -3");
    assertThatThrownBy(() -> SseEndpoint.builder(seam).stopAfterFailures(0).build())
        .hasMessage("stopAfterFailures < 1: 0");
    assertThatThrownBy(
            () -> SseEndpoint.builder(seam).shutdownGrace(Duration.ofSeconds(-1)).build())
        .hasMessage("shutdownGrace < 0: PT-1S");
    assertThatThrownBy(() -> new SseStatusException(200, "ok")).hasMessageContaining("200");
    assertThatThrownBy(() -> SseBroadcaster.withReplay("b", 0))
        .hasMessage("replay capacity < 1: 0");
  }

  @Test
  void sendingOnAClosedBroadcasterFailsNamingIt() {
    SseBroadcaster b = SseBroadcaster.create("job-7");
    b.close();
    assertThatThrownBy(() -> b.send(SseEvent.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broadcast 'job-7' is closed");
  }
}
