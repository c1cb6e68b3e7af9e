package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that stops reading blocks only its own stream: the others are served in full while it
 * stays stuck (the manual clock holds its write deadline back), and the deadline then closes it and
 * cancels its producer. Small numbers; the large ones belong in the benchmark.
 */
@ExtendWith(SeamLeakCheck.class)
class DeadClientIsolationTest {
  private static final int HEALTHY = 4;
  private static final int EVENTS = 50;

  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-iso").maxConcurrency(HEALTHY + 1).build();
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

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aClientThatStopsReadingNeverHoldsUpTheOthersAndIsClosedAtItsWriteDeadline(String binding)
      throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .clock(clock)
            .keepAlive(Duration.ofMinutes(5))
            .writeDeadline(Duration.ofSeconds(10))
            .bufferCapacity(8)
            .shutdownGrace(Duration.ofSeconds(1))
            .build();
    AtomicReference<Thread> deadProducer = new AtomicReference<>();
    AtomicInteger deadSent = new AtomicInteger();
    String big = "x".repeat(64 * 1024);
    SseProducer producer =
        emitter -> {
          if (emitter.request().queryParameter("dead").isPresent()) {
            deadProducer.set(Thread.currentThread());
            emitter.send(SseEvent.of("first"));
            for (int i = 0; i < 2_000; i++) { // until the buffer and the sockets are full
              emitter.send(SseEvent.of(big));
              deadSent.incrementAndGet();
            }
          } else {
            for (int i = 1; i <= EVENTS; i++) {
              emitter.send(SseEvent.of("n", Integer.toString(i)).id(i));
            }
          }
        };
    server =
        binding.equals("jetty")
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
    try (RawSseClient dead = RawSseClient.open(server.uri("/events/iso?dead"), 4096)) {
      dead.awaitEvent(1); // ...and never reads another byte
      // its producer waits for room in a full buffer, behind a writer blocked on the socket
      int[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                int now = deadSent.get();
                boolean stuck =
                    now > 0
                        && now == last[0]
                        && deadProducer.get().getState() == Thread.State.WAITING;
                last[0] = now;
                return stuck;
              });
      for (int n = 0; n < HEALTHY; n++) {
        try (RawSseClient healthy = RawSseClient.open(server.uri("/events/iso"))) {
          healthy.readToEnd();
          assertThat(healthy.parser().events()).hasSize(EVENTS);
          assertThat(healthy.parser().events().get(EVENTS - 1).data()).isEqualTo("50");
        }
      }
      // the stuck one is still open: only its own write deadline will end it
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 1);

      clock.advance(Duration.ofSeconds(10)); // its write deadline
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
      assertThat(deadSent.get()).isLessThan(2_000);
    }
  }

  @Test
  void onTheJdkServerTheWriteDeadlineGivesTheStuckWriterThreadBack() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .name("jdk-stuck")
            .clock(clock)
            .writerThreads(1) // the stuck client's blocking write holds the only writer
            .keepAlive(Duration.ofMinutes(5))
            .writeDeadline(Duration.ofSeconds(10))
            .bufferCapacity(8)
            .shutdownGrace(Duration.ofSeconds(1))
            .build();
    AtomicInteger deadSent = new AtomicInteger();
    String big = "x".repeat(64 * 1024);
    SseProducer producer =
        emitter -> {
          if (emitter.request().queryParameter("dead").isPresent()) {
            emitter.send(SseEvent.of("first"));
            for (int i = 0; i < 2_000; i++) {
              emitter.send(SseEvent.of(big));
              deadSent.incrementAndGet();
            }
          } else {
            emitter.send(SseEvent.of("healthy"));
          }
        };
    server = TestServer.jdk(endpoint, producer);
    try (RawSseClient dead = RawSseClient.open(server.uri("/events/iso?dead"), 4096)) {
      dead.awaitEvent(1); // ...and never reads another byte
      int[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                int now = deadSent.get();
                boolean stuck = now > 0 && now == last[0];
                last[0] = now;
                return stuck;
              });
      clock.advance(Duration.ofSeconds(10)); // the deadline interrupts the blocked write
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      // the one writer is free again: a new stream is written in full
      try (RawSseClient healthy = RawSseClient.open(server.uri("/events/iso"))) {
        healthy.readToEnd();
        assertThat(healthy.parser().events()).hasSize(1);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    }
  }
}
