package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Over real HTTP/1.1 on the module's embedded server (Tomcat in the autoconfigure modules, Jetty in
 * the {@code *-jetty-test} modules), at the default settings but a long MVC async timeout (60 s),
 * so that only the starter's watch of the connection can explain a prompt cancel: a client that
 * closes or resets its socket while its request waits on a seam call has the call cancelled (its
 * cancel hook runs); a client that stays is answered, on a connection that can be used again; a
 * client that pipelines a second request keeps both answers.
 */
@SpringBootTest(
    classes = MvcClientLeavesTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.mvc.async.request-timeout=60s",
      "seam.lanes.leaves.max-concurrency=64",
      "seam.lanes.leaves.timeout=60s"
    })
class MvcClientLeavesTest {
  private static final AtomicInteger IDS = new AtomicInteger();

  @Value("${local.server.port}")
  int port;

  @Autowired ApplicationContext context;
  @Autowired Waits waits;

  @AfterEach
  void releaseAll() {
    waits.releaseAll();
  }

  @Test
  void aClientThatClosesItsSocketHasItsCallCancelledLongBeforeTheAsyncTimeout() throws Exception {
    WebServers.assertExpected(context);
    int id = IDS.incrementAndGet();
    Socket client = send(port, "GET /wait/" + id + " HTTP/1.1\r\nHost: x\r\n\r\n");
    waits.awaitStarted(id);
    client.close();
    awaitCancelled(id);
  }

  @Test
  void aClientThatResetsItsConnectionHasItsCallCancelled() throws Exception {
    int id = IDS.incrementAndGet();
    Socket client = send(port, "GET /wait/" + id + " HTTP/1.1\r\nHost: x\r\n\r\n");
    waits.awaitStarted(id);
    client.setSoLinger(true, 0); // close() sends RST, not FIN
    client.close();
    awaitCancelled(id);
  }

  @Test
  void aClientThatStaysIsAnsweredAndItsConnectionServesTheNextRequest() throws Exception {
    int first = IDS.incrementAndGet();
    int second = IDS.incrementAndGet();
    try (Socket client = send(port, "GET /wait/" + first + " HTTP/1.1\r\nHost: x\r\n\r\n")) {
      client.setSoTimeout(20_000);
      waits.awaitStarted(first);
      waits.release(first);
      assertThat(readResponse(client.getInputStream())).endsWith("done " + first);
      // The same connection, kept alive: the watch of the first request must not hold it.
      client
          .getOutputStream()
          .write(
              ("GET /wait/" + second + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      waits.awaitStarted(second);
      waits.release(second);
      assertThat(readResponse(client.getInputStream())).endsWith("done " + second);
    }
    assertThat(waits.cancelled).doesNotContain(first, second);
  }

  @Test
  void aPipelinedRequestIsNeitherLostNorTakenForALeavingClient() throws Exception {
    int first = IDS.incrementAndGet();
    int second = IDS.incrementAndGet();
    try (Socket client = send(port, "GET /wait/" + first + " HTTP/1.1\r\nHost: x\r\n\r\n")) {
      client.setSoTimeout(20_000);
      waits.awaitStarted(first);
      // The next request arrives while the first waits: bytes on the connection, not a close.
      client
          .getOutputStream()
          .write(
              ("GET /wait/" + second + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      waits.release(first);
      waits.release(second);
      assertThat(readResponse(client.getInputStream())).endsWith("done " + first);
      assertThat(readResponse(client.getInputStream())).endsWith("done " + second);
    }
    assertThat(waits.cancelled).doesNotContain(first, second);
  }

  @Test
  void ofManyWaitingClientsExactlyThoseThatLeaveAreCancelled() throws Exception {
    // Bounded stress: 40 requests wait at once; every other client leaves, the rest are answered.
    List<Integer> ids = new ArrayList<>();
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int id = IDS.incrementAndGet();
      ids.add(id);
      clients.add(send(port, "GET /wait/" + id + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    for (int id : ids) {
      waits.awaitStarted(id);
    }
    for (int i = 0; i < ids.size(); i += 2) {
      clients.get(i).close();
    }
    for (int i = 0; i < ids.size(); i += 2) {
      awaitCancelled(ids.get(i));
    }
    for (int i = 1; i < ids.size(); i += 2) {
      int id = ids.get(i);
      waits.release(id);
      try (Socket client = clients.get(i)) {
        client.setSoTimeout(20_000);
        assertThat(readResponse(client.getInputStream())).endsWith("done " + id);
      }
      assertThat(waits.cancelled).doesNotContain(id);
    }
  }

  private void awaitCancelled(int id) {
    // Generous for a loaded machine, yet far below the 60 s async timeout and call deadline.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> assertThat(waits.cancelled).contains(id));
  }

  static Socket send(int port, String request) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** Reads one HTTP/1.1 response (Content-Length or chunked); gives status line and body. */
  static String readResponse(InputStream in) throws IOException {
    String status = line(in);
    int length = -1;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else if (length >= 0) {
      body.write(in.readNBytes(length));
    }
    return status + "\n" + body.toString(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        throw new IOException("connection closed after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Waits.class, WaitController.class})
  static class App {}

  /** The calls' gates: each call says it started, waits to be released, notes its cancel. */
  static class Waits {
    final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
    private final Map<Integer, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> released = new ConcurrentHashMap<>();

    CountDownLatch started(int id) {
      return started.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    CountDownLatch released(int id) {
      return released.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    void awaitStarted(int id) throws InterruptedException {
      assertThat(started(id).await(20, TimeUnit.SECONDS)).as("call %d started", id).isTrue();
    }

    void release(int id) {
      released(id).countDown();
    }

    void releaseAll() {
      released.values().forEach(CountDownLatch::countDown);
    }
  }

  @RestController
  static class WaitController {
    private final Seam lane;
    private final Waits waits;

    WaitController(@Qualifier("leaves") Seam lane, Waits waits) {
      this.lane = lane;
      this.waits = waits;
    }

    @GetMapping("/wait/{id}")
    CompletableFuture<String> await(@PathVariable int id) {
      return lane.call(
          call -> {
            call.onCancel(() -> waits.cancelled.add(id));
            waits.started(id).countDown();
            waits.released(id).await();
            return "done " + id;
          });
    }
  }
}
