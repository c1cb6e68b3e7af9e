package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that stops reading: the stream's memory stays bounded, and the producer is stopped
 * (BLOCK after the write deadline, DISCONNECT at once) instead of filling the heap. Real clock,
 * real servers.
 */
@ExtendWith(SeamLeakCheck.class)
class BackpressureTest {
  private static final Logger LOG = LoggerFactory.getLogger(BackpressureTest.class);
  private static final int EVENT_BYTES = 16 * 1024;
  private static final int ATTEMPTS = 100_000; // 1.6 GB if nothing pushed back

  private final Seam seam = Seam.builder("sse-bp").maxConcurrency(2).build();
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

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty-BLOCK", "jetty-DISCONNECT", "jdk-BLOCK", "jdk-DISCONNECT"})
  void clientThatStopsReadingStopsTheProducerWithBoundedMemory(String setup) throws Exception {
    SseOverflow policy = SseOverflow.valueOf(setup.substring(setup.indexOf('-') + 1));
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch clientReading = new CountDownLatch(1);
    AtomicReference<IOException> stoppedBy = new AtomicReference<>();
    String payload = "x".repeat(EVENT_BYTES);
    endpoint =
        SseEndpoint.builder(seam)
            .bufferCapacity(8)
            .overflow(policy)
            .writeDeadline(Duration.ofMillis(300))
            .shutdownGrace(Duration.ofSeconds(1))
            .build();
    SseProducer producer =
        emitter -> {
          emitter.send(SseEvent.of("first"));
          assertThat(clientReading.await(10, TimeUnit.SECONDS)).isTrue();
          try {
            for (int i = 0; i < ATTEMPTS; i++) {
              emitter.send(SseEvent.of(payload));
              sent.incrementAndGet();
            }
          } catch (IOException e) {
            stoppedBy.set(e);
            throw e;
          }
        };
    server =
        setup.startsWith("jetty")
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
    long start = System.nanoTime();
    try (RawSseClient c = RawSseClient.open(server.uri("/events/bp"), 4096)) {
      assertThat(c.status).isEqualTo(200);
      c.awaitEvent(1);
      clientReading.countDown();
      // ...and never reads another byte.
      await().atMost(Duration.ofSeconds(20)).until(() -> stoppedBy.get() != null);
      long millis = (System.nanoTime() - start) / 1_000_000;
      LOG.info(
          "{}: producer stopped after {} events ({} KB) in {} ms: {}",
          setup,
          sent.get(),
          sent.get() * (long) EVENT_BYTES / 1024,
          millis,
          stoppedBy.get().getMessage());
      assertThat(sent.get()).isLessThan(ATTEMPTS / 10);
      assertThat(stoppedBy.get())
          .hasMessageContaining(policy == SseOverflow.BLOCK ? "client not reading" : "DISCONNECT");
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
    }
  }

  @org.junit.jupiter.api.Test
  void shutdownNeverHangsOnAClientThatStopsReading() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .bufferCapacity(4)
            .writeDeadline(Duration.ofMinutes(5)) // only the shutdown grace can end this stream
            .shutdownGrace(Duration.ofMillis(500))
            .farewell(SseEvent.of("bye", "later"))
            .build();
    String payload = "z".repeat(EVENT_BYTES);
    AtomicInteger sent = new AtomicInteger();
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              for (int i = 0; i < ATTEMPTS; i++) {
                emitter.send(SseEvent.of(payload));
                sent.incrementAndGet();
              }
            });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/stuck"), 4096)) {
      assertThat(c.status).isEqualTo(200);
      int[] last = {-1};
      // wait until the producer is blocked on a full buffer behind a stuck write
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                int now = sent.get();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
              });
      long start = System.nanoTime();
      assertThat(java.util.concurrent.CompletableFuture.runAsync(endpoint::close))
          .succeedsWithin(Duration.ofSeconds(10));
      LOG.info(
          "close() with a stuck client took {} ms (grace 500 ms)",
          (System.nanoTime() - start) / 1_000_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
      assertThat(endpoint.openStreams()).isZero();
    }
  }

  @org.junit.jupiter.api.Test
  void latestOnlyNeverBlocksTheProducerAndASlowClientStillGetsTheNewestValue() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .bufferCapacity(4)
            .overflow(SseOverflow.LATEST_ONLY)
            .writeDeadline(Duration.ofSeconds(30))
            .build();
    int updates = 20_000;
    String pad = "p".repeat(1024);
    CountDownLatch producerDone = new CountDownLatch(1);
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              for (int i = 1; i <= updates; i++) {
                emitter.send(SseEvent.of("progress", i + " " + pad));
              }
              producerDone.countDown();
            });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/latest"), 4096)) {
      assertThat(c.status).isEqualTo(200);
      // the client reads nothing until the producer has sent every update: it never waited
      assertThat(producerDone.await(20, TimeUnit.SECONDS)).isTrue();
      c.readToEnd();
      int received = c.parser().events().size();
      LOG.info("LATEST_ONLY: client received {} of {} updates", received, updates);
      assertThat(received).isLessThan(updates);
      String last = c.parser().events().get(received - 1).data();
      assertThat(last).startsWith(updates + " ");
    }
  }
}
