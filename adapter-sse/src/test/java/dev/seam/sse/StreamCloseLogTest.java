package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Every stream that ends says so once, at INFO on {@code dev.seam.sse.closed}: its path and query,
 * the client's address, how long it was open, how many events it was sent and why it ended, on
 * Jetty and on the JDK server.
 */
@ExtendWith(SeamLeakCheck.class)
class StreamCloseLogTest {
  private final Seam seam = Seam.builder("sse-close-log").maxConcurrency(2).maxQueued(0).build();
  private final Logger log = (Logger) LoggerFactory.getLogger("dev.seam.sse.closed");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private SseEndpoint endpoint;
  private TestServer server;

  @BeforeEach
  void capture() {
    appender.start();
    log.addAppender(appender);
  }

  @AfterEach
  void stop() throws Exception {
    log.detachAppender(appender);
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  private void serve(String kind, SseProducer producer) throws Exception {
    endpoint = SseEndpoint.builder(seam).build();
    server =
        kind.equals("jetty")
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aStreamThatEndsSaysWhereItWasFromHowLongHowManyEventsAndWhy(String kind) throws Exception {
    serve(
        kind,
        emitter -> {
          emitter.send(SseEvent.of("a", "1").id(1));
          emitter.send(SseEvent.of("b", "2").id(2));
          emitter.send(SseEvent.of("c", "3").id(3));
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/orders?job=42"))) {
      c.readToEnd();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !appender.list.isEmpty());
    assertThat(appender.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.INFO);
              assertThat(e.getFormattedMessage())
                  .contains("/events/orders?job=42")
                  .contains("from 127.0.0.1:")
                  .contains("closed after ")
                  .contains("3 event(s)")
                  .endsWith(": stream ended; producer dev.seam.sse.StreamCloseLogTest had returned")
                  .startsWith("seam 'sse-close-log' SSE stream ");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aClientThatLeavesIsLoggedWithTheReasonTheServerSaw(String kind) throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    serve(
        kind,
        emitter -> {
          emitter.call().onCancel(cancelled::countDown);
          emitter.send(SseEvent.of("a", "1").id(1));
          sent.countDown();
          while (!emitter.call().isCancelled()) {
            emitter.send(SseEvent.comment("tick"));
            cancelled.await(20, TimeUnit.MILLISECONDS);
          }
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/gone"))) {
      c.awaitEvent(1);
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    } // the client hangs up
    assertThat(cancelled.await(20, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !appender.list.isEmpty());
    assertThat(appender.list)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .startsWith("seam 'sse-close-log' SSE stream /events/gone from 127.0.0.1:")
                    .doesNotContain(": stream ended")
                    // the producer, by its own line, and that it stopped on the cancel
                    .containsPattern(
                        "; producer at dev\\.seam\\.sse\\.StreamCloseLogTest\\.lambda\\$[^(]+"
                            + "\\(StreamCloseLogTest\\.java:\\d+\\) stopped"
                            + " (at once|[0-9.]+ ms after the cancel)$"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aProducerThatIgnoresItsCancelIsLoggedAsStillRunning(String kind) throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    serve(
        kind,
        emitter -> {
          emitter.send(SseEvent.of("a", "1").id(1));
          sent.countDown();
          try {
            while (!emitter.call().isCancelled()) {
              try {
                emitter.send(SseEvent.comment("tick"));
              } catch (IOException gone) {
                // the client is gone; the cancel follows
              }
              awaitIgnoringInterrupts(release, 20);
            }
            // Stuck on after the cancel, as a deaf downstream would be, until the test lets go.
            boolean released = false;
            while (!released) {
              released = awaitIgnoringInterrupts(release, 10_000);
            }
          } finally {
            returned.countDown();
          }
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/deaf"))) {
      c.awaitEvent(1);
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    } // the client hangs up
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> !appender.list.isEmpty());
      assertThat(appender.list)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getFormattedMessage())
                      .startsWith("seam 'sse-close-log' SSE stream /events/deaf from ")
                      .containsPattern(
                          "; producer at dev\\.seam\\.sse\\.StreamCloseLogTest\\.\\S+ still"
                              + " running [0-9.]+ ms after the cancel"));
    } finally {
      release.countDown();
    }
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    assertThat(appender.list).hasSize(1); // its late return does not log the close twice
  }

  /** Waits up to {@code millis} for {@code latch}, as code that swallows interrupts would. */
  private static boolean awaitIgnoringInterrupts(CountDownLatch latch, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean interrupted = false;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return latch.getCount() == 0;
        }
        try {
          return latch.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.interrupted(); // swallowed on purpose: this producer ignores its cancel
      }
    }
  }
}
