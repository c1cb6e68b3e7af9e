package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * The SSE rows of the fault matrix over real servers (Jetty and the JDK HttpServer) and raw socket
 * clients, on the real clock: a client that vanishes in the middle of a burst, a producer that
 * throws, a producer that ignores its interrupt, and a shutdown with 100 streams open. Each ends
 * with the stream closed, the producer's permit given back once it returns, and (through {@link
 * SeamLeakCheck}) no stream, seam thread or writer left behind.
 */
@ExtendWith(SeamLeakCheck.class)
class SseFaultTest {
  private static final Logger log = LoggerFactory.getLogger(SseFaultTest.class);
  private static final Duration BOUND = Duration.ofSeconds(10);

  private Seam seam;
  private SseEndpoint endpoint;
  private TestServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  private void serve(String binding, int workers, SseEndpointBuilder b, SseProducer producer)
      throws Exception {
    endpoint = b.build();
    server =
        "jetty".equals(binding)
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
    assertThat(seam.stats().maxConcurrency()).isGreaterThanOrEqualTo(workers);
  }

  private SseEndpointBuilder endpoint(int workers) {
    seam = Seam.builder("sse-faults").maxConcurrency(workers).build();
    return SseEndpoint.builder(seam).keepAlive(Duration.ofMillis(200)).maxStreams(workers);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown(); // a producer that ignores interrupts ends only here
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

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty", "jdk"})
  void clientVanishingMidBurstStopsTheBusyProducer(String binding) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<Throwable> producerSaw = new AtomicReference<>();
    CountDownLatch hookRan = new CountDownLatch(1);
    serve(
        binding,
        2,
        endpoint(2),
        emitter -> {
          emitter.call().onCancel(hookRan::countDown);
          try {
            while (true) { // as fast as the buffer lets it: the client leaves mid-burst
              emitter.send(SseEvent.of("tick", "n" + sent.incrementAndGet()));
            }
          } catch (IOException e) {
            producerSaw.set(e);
            throw e;
          }
        });
    RawSseClient c = RawSseClient.open(server.uri("/events/burst"));
    c.awaitEvent(50);
    long leftAt = System.nanoTime();
    c.close();
    await().atMost(BOUND).until(() -> producerSaw.get() != null);
    await().atMost(BOUND).until(() -> endpoint.openStreams() == 0);
    await().atMost(BOUND).until(() -> seam.stats().running() == 0);
    log.info(
        "{}: client left after 50 of {} events; producer stopped and stream closed in {} ms ({})",
        binding,
        sent.get(),
        (System.nanoTime() - leftAt) / 1_000_000,
        hookRan.getCount() == 0 ? "cancel hook ran" : "its send failed before the cancel landed");
    // Its next send fails saying why, whether or not the cancel reached it first.
    assertThat(producerSaw.get()).isInstanceOf(IOException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty", "jdk"})
  void producerThrowingMidStreamEndsItWithTheErrorEventAndFreesItsWorker(String binding)
      throws Exception {
    serve(
        binding,
        1,
        endpoint(1),
        emitter -> {
          for (int i = 1; i <= 3; i++) {
            emitter.send(SseEvent.of("n" + i));
          }
          if (emitter.request().path().endsWith("/fail")) {
            throw new IllegalStateException("producer broke at row 4");
          }
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/fail"))) {
      String all = c.readToEnd();
      assertThat(c.parser().events())
          .extracting(SpecParser.Dispatched::data)
          .containsExactly("n1", "n2", "n3", "stream failed");
      assertThat(c.parser().events().get(3).type()).isEqualTo("seam-error");
      assertThat(all).doesNotContain("producer broke").doesNotContain("IllegalStateException");
    }
    await().atMost(BOUND).until(() -> seam.stats().running() == 0);
    // The one worker is free again: the next stream runs to its clean end.
    try (RawSseClient next = RawSseClient.open(server.uri("/events/ok"))) {
      next.readToEnd();
      assertThat(next.parser().events())
          .extracting(SpecParser.Dispatched::data)
          .containsExactly("n1", "n2", "n3");
    }
    assertThat(seam.stats().failed()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty", "jdk"})
  void producerIgnoringItsInterruptIsAbandonedVisiblyAndTheStreamStillCloses(String binding)
      throws Exception {
    AtomicInteger interruptsIgnored = new AtomicInteger();
    CountDownLatch ignoring = new CountDownLatch(1);
    serve(
        binding,
        1,
        endpoint(1),
        emitter -> {
          emitter.send(SseEvent.of("started"));
          awaitIgnoringInterrupts(release, interruptsIgnored, ignoring);
        });
    RawSseClient c = RawSseClient.open(server.uri("/events/deaf"));
    c.awaitEvent(1);
    c.close();
    // Found dead by the next keep-alives; cancelled; the producer shrugs off the interrupt.
    assertThat(ignoring.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    await().atMost(BOUND).until(() -> endpoint.openStreams() == 0);
    // Capacity is visibly held, never silently: the worker is abandoned until the producer returns.
    assertThat(seam.stats().running()).isEqualTo(1);
    assertThat(seam.stats().abandoned()).isEqualTo(1);
    try (RawSseClient refused = RawSseClient.open(server.uri("/events/deaf"))) {
      assertThat(refused.status).isEqualTo(200); // refused as a retry stream, not queued
      assertThat(refused.readToEnd()).contains("retry:");
    }
    release.countDown();
    await().atMost(BOUND).until(() -> seam.stats().running() == 0);
    assertThat(interruptsIgnored.get()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty", "jdk"})
  void shutdownWithAHundredOpenStreamsDeliversEveryFarewellWithinTheGrace(String binding)
      throws Exception {
    int streams = 100;
    Duration grace = Duration.ofSeconds(5);
    AtomicInteger cancelled = new AtomicInteger();
    serve(
        binding,
        streams,
        endpoint(streams)
            .farewell(SseEvent.of("bye", "restarting").retry(Duration.ofSeconds(2)))
            .shutdownGrace(grace),
        emitter -> {
          emitter.call().onCancel(cancelled::incrementAndGet);
          emitter.send(SseEvent.of("hello"));
          new CountDownLatch(1).await(); // blocking work that only the cancel stops
        });
    List<RawSseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < streams; i++) {
        RawSseClient c = RawSseClient.open(server.uri("/events/s" + i));
        clients.add(c);
        c.awaitEvent(1);
      }
      assertThat(endpoint.openStreams()).isEqualTo(streams);
      long start = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(endpoint::close);
      assertThat(closing).succeedsWithin(grace.plus(BOUND));
      long closeMillis = (System.nanoTime() - start) / 1_000_000;
      int farewells = 0;
      for (RawSseClient c : clients) {
        c.readToEnd();
        if (c.parser().events().stream().anyMatch(e -> e.type().equals("bye"))) {
          farewells++;
        }
      }
      log.info(
          "{}: endpoint with {} open streams closed in {} ms; {} farewells delivered",
          binding,
          streams,
          closeMillis,
          farewells);
      assertThat(farewells).isEqualTo(streams);
      await().atMost(BOUND).until(() -> seam.stats().running() == 0);
      assertThat(cancelled.get()).isEqualTo(streams);
      assertThat(endpoint.openStreams()).isZero();
    } finally {
      for (RawSseClient c : clients) {
        c.close();
      }
    }
  }

  private static void awaitIgnoringInterrupts(
      CountDownLatch latch, AtomicInteger ignored, CountDownLatch ignoring) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        ignored.incrementAndGet();
        ignoring.countDown();
      }
    }
  }
}
