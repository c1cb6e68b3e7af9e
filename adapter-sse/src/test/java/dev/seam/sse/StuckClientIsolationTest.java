package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Over real HTTP on Jetty with one writer thread for every stream: clients that stop reading park
 * no writer, so the healthy streams run to their end long before the stuck ones reach their write
 * deadline; the stuck ones are then closed at that deadline and their producers cancelled. (With a
 * writer blocked in a stuck client's write, every healthy stream would wait for that deadline.)
 */
@ExtendWith(SeamLeakCheck.class)
class StuckClientIsolationTest {
  private static final int STUCK = 2;
  private static final int HEALTHY = 20;
  private static final int EVENTS = 100;
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(4);

  private final Seam seam = Seam.builder("sse-stuck").maxConcurrency(STUCK + HEALTHY).build();
  private final ExecutorService clients = Executors.newFixedThreadPool(4);
  private SseEndpoint endpoint;
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    clients.shutdownNow();
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void stuckClientsParkNoWriterAndAreClosedAtTheirWriteDeadline() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .name("stuck")
            .writerThreads(1)
            .writeDeadline(WRITE_DEADLINE)
            .keepAlive(Duration.ofMinutes(1))
            .bufferCapacity(8)
            .shutdownGrace(Duration.ofSeconds(1))
            .build();
    AtomicInteger stuckSent = new AtomicInteger();
    CountDownLatch stuckProducersDone = new CountDownLatch(STUCK);
    String big = "x".repeat(16 * 1024);
    SseProducer producer =
        emitter -> {
          if (emitter.request().queryParameter("stuck").isPresent()) {
            try {
              emitter.send(SseEvent.of("first"));
              for (int i = 0; i < 10_000; i++) { // until the buffer and the sockets are full
                emitter.send(SseEvent.of(big));
                stuckSent.incrementAndGet();
              }
            } finally {
              stuckProducersDone.countDown();
            }
          } else {
            for (int i = 1; i <= EVENTS; i++) {
              emitter.send(SseEvent.of("n", Integer.toString(i)).id(i));
            }
          }
        };
    server = TestServer.jetty(endpoint, producer);
    List<RawSseClient> stuck = new ArrayList<>();
    try {
      for (int i = 0; i < STUCK; i++) {
        RawSseClient c = RawSseClient.open(server.uri("/events/s?stuck"), 4096);
        c.awaitEvent(1); // ...and never reads another byte
        stuck.add(c);
      }
      // both stuck producers wait for room in full buffers
      int[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                int now = stuckSent.get();
                boolean still = now > 0 && now == last[0];
                last[0] = now;
                return still;
              });
      long stuckAt = System.nanoTime();

      List<Future<Integer>> healthy = new ArrayList<>();
      for (int n = 0; n < HEALTHY; n++) {
        healthy.add(
            clients.submit(
                () -> {
                  try (RawSseClient c = RawSseClient.open(server.uri("/events/h"))) {
                    c.readToEnd();
                    assertThat(c.parser().events().get(EVENTS - 1).data()).isEqualTo("100");
                    return c.parser().events().size();
                  }
                }));
      }
      for (Future<Integer> f : healthy) {
        assertThat(f.get(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(EVENTS);
      }
      long healthyDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stuckAt);
      assertThat(healthyDoneMs).isLessThan(WRITE_DEADLINE.toMillis());
      assertThat(endpoint.openStreams()).isEqualTo(STUCK); // still waiting for their deadline

      await().atMost(WRITE_DEADLINE.plusSeconds(5)).until(() -> endpoint.openStreams() == 0);
      assertThat(stuckProducersDone.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> seam.stats().running() == 0);
      assertThat(writerThreads()).isLessThanOrEqualTo(1);
    } finally {
      for (RawSseClient c : stuck) {
        c.close();
      }
    }
  }

  private static long writerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("seam-sse-stuck-writer-"))
        .count();
  }
}
