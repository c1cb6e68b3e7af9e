package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that stops reading and never closes (what a vanished client looks like from the server
 * until TCP gives up) while its producer is idle is found by the writer alone: once the socket
 * buffers are full, the waiting write (an event or a keep-alive) passes the write deadline, the
 * stream ends and its idle producer is cancelled, and no thread waited for it meanwhile. Small
 * socket buffers on both sides and a burst of events keep the fill short; keep-alives alone (three
 * bytes an interval) would take minutes to fill even these buffers.
 */
@ExtendWith(SeamLeakCheck.class)
class HalfOpenIdleTest {
  private static final Logger LOG = LoggerFactory.getLogger(HalfOpenIdleTest.class);
  private static final Duration KEEP_ALIVE = Duration.ofMillis(200);
  private static final int BURST = 48; // 48 KiB: well past 4 KiB buffers, within the buffer
  private static final Duration WRITE_DEADLINE = Duration.ofMillis(500);

  private final Seam seam = Seam.builder("sse-half-open").maxConcurrency(2).build();
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
  void aClientThatStopsReadingIsClosedAtTheWriteDeadlineWhileItsProducerIsIdle() throws Exception {
    endpoint =
        SseEndpoint.builder(seam)
            .keepAlive(KEEP_ALIVE)
            .writeDeadline(WRITE_DEADLINE)
            .bufferCapacity(BURST + 1)
            .shutdownGrace(Duration.ofSeconds(1))
            .build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    SseProducer idle =
        emitter -> {
          String kib = "x".repeat(1024);
          for (int i = 0; i < BURST; i++) {
            emitter.send(SseEvent.of(kib)); // never blocks: the buffer holds the whole burst
          }
          started.countDown();
          try {
            new CountDownLatch(1).await(); // idle until cancelled
          } catch (InterruptedException e) {
            cancelled.countDown();
          }
        };
    server =
        TestServer.jetty(
            new SseServlet(endpoint, idle), connector -> connector.setAcceptedSendBufferSize(4096));
    try (RawSseClient vanished = RawSseClient.open(server.uri("/events/idle"), 4096)) {
      assertThat(vanished.status).isEqualTo(200);
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      long t0 = System.nanoTime(); // the producer is idle from here on
      // ...and the client never reads nor closes again
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      LOG.info(
          "client that stopped reading, idle producer: closed {} ms after the burst (write"
              + " deadline {} ms, 4 KiB socket buffers)",
          tookMs,
          WRITE_DEADLINE.toMillis());
      assertThat(tookMs).isLessThan(WRITE_DEADLINE.toMillis() + 5_000);
      assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> seam.stats().running() == 0);
    }
  }
}
