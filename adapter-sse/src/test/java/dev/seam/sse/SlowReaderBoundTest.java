package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that stops reading a stream of small events, on Jetty with its default connector and the
 * endpoint's defaults: the stream's writes stall after a bounded backlog (the endpoint's socket
 * send buffer, the client's receive window, Jetty's output buffer and the stream's buffer), and the
 * stream is then closed and its producer cancelled at the write deadline, on the endpoint's clock.
 * Left to Linux, the send buffer would grow to megabytes first: at 10 events a second, hours.
 */
@ExtendWith(SeamLeakCheck.class)
class SlowReaderBoundTest {
  private static final Logger LOG = LoggerFactory.getLogger(SlowReaderBoundTest.class);
  private static final String DATA = "x".repeat(80);
  // What the documented bound adds up to here: the 16 KiB send buffer, the client's 4 KiB
  // receive buffer (8 KiB once the kernel doubles it), Jetty's 32 KiB output buffer and the
  // stream's 64 events; rounded up.
  private static final long BOUND_BYTES = 96 * 1024;
  private static final int CLIENT_RECEIVE_BUFFER = 4096;

  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-slow-reader").maxConcurrency(2).build();
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
  void aClientThatStopsReadingIsCancelledAfterABoundedBacklogAtTheDefaults() throws Exception {
    endpoint = SseEndpoint.builder(seam).clock(clock).shutdownGrace(Duration.ZERO).build();
    AtomicLong sentBytes = new AtomicLong();
    CountDownLatch producerDone = new CountDownLatch(1);
    SseProducer ticks =
        emitter -> {
          try {
            for (long id = 1; ; id++) { // a tick stream, as fast as the stream takes it
              SseEvent e = SseEvent.of("tick", DATA).id(id);
              emitter.send(e);
              sentBytes.addAndGet(wireBytes(id));
            }
          } finally {
            producerDone.countDown();
          }
        };
    server = TestServer.jetty(endpoint, ticks);
    try (RawSseClient stopped =
        RawSseClient.open(server.uri("/events/ticks"), CLIENT_RECEIVE_BUFFER)) {
      assertThat(stopped.status).isEqualTo(200); // ...and it never reads again
      long[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> { // the producer waits for room: every buffer on the way is full
                long now = sentBytes.get();
                boolean still = now > 0 && now == last[0];
                last[0] = now;
                return still;
              });
      long backlog = sentBytes.get();
      LOG.info(
          "client that stopped reading took {} KiB unread before the stream stalled (bound {} KiB)",
          backlog / 1024,
          BOUND_BYTES / 1024);
      assertThat(backlog).isLessThanOrEqualTo(BOUND_BYTES);
      assertThat(endpoint.openStreams()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(10)); // the default write deadline
      assertThat(producerDone.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
      assertThat(sentBytes.get()).isEqualTo(backlog); // nothing more was taken meanwhile
    }
  }

  @Test
  void aSendBufferBelowTheKernelsMinimumIsRefusedByName() {
    SseEndpointBuilder b = SseEndpoint.builder(seam).socketSendBuffer(1024);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("socketSendBuffer neither 0 nor at least 4096: 1024");
  }

  private static long wireBytes(long id) {
    return ("id: " + id + "\nevent: tick\ndata: " + DATA + "\n\n")
        .getBytes(StandardCharsets.UTF_8)
        .length;
  }
}
