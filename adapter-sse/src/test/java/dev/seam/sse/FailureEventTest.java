package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mid-stream failure ends with a {@code seam-error} event, never EventSource's own {@code error},
 * and a client whose streams keep failing is told to stop with a 204 on its reconnect. The tests
 * reconnect as an EventSource does, sending back the last event id they saw.
 */
@ExtendWith(SeamLeakCheck.class)
class FailureEventTest {
  private final Seam seam = Seam.builder("sse-fail").build();
  private final List<String> seenLastIds = new CopyOnWriteArrayList<>();
  private SseEndpoint endpoint;
  private TestServer server;

  /** Sends "step" (with id 7 when asked: progress), then fails. */
  private final SseProducer failing =
      emitter -> {
        seenLastIds.add(emitter.request().lastEventId().orElse("-"));
        if (emitter.request().queryParameter("resend").isPresent()) {
          for (int i = 1; i <= 3; i++) { // from the start every time, whatever the client has
            emitter.send(SseEvent.of("step", "again").id(i));
          }
        }
        if (emitter.request().queryParameter("progress").isPresent()) {
          emitter.send(SseEvent.of("step", "progress").id(7));
        }
        emitter.send(SseEvent.of("step", "working"));
        throw new IllegalStateException("downstream down");
      };

  private void serve(String binding, SseEndpointBuilder b) throws Exception {
    endpoint = b.build();
    server =
        binding.equals("jetty")
            ? TestServer.jetty(endpoint, failing)
            : TestServer.jdk(endpoint, failing);
  }

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

  /** One connection as an EventSource makes it; returns the last event id it saw. */
  private String connect(String path, String lastEventId, List<String> types) throws Exception {
    String[] headers =
        lastEventId.isEmpty() ? new String[0] : new String[] {"Last-Event-ID: " + lastEventId};
    try (RawSseClient c = RawSseClient.open(server.uri(path), headers)) {
      assertThat(c.status).isEqualTo(200);
      c.readToEnd();
      c.parser().events().forEach(e -> types.add(e.type()));
      return c.parser().events().get(c.parser().events().size() - 1).lastEventId();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aProducerThatFailsEveryTimeIsStoppedWith204AfterTheConfiguredFailuresInARow(String binding)
      throws Exception {
    serve(binding, SseEndpoint.builder(seam).stopAfterFailures(3));
    List<String> types = new CopyOnWriteArrayList<>();
    String id = connect("/events/f?progress", "", types);
    assertThat(id).isEqualTo("seam-error:1:7");
    id = connect("/events/f", id, types);
    assertThat(id).isEqualTo("seam-error:2:7");
    id = connect("/events/f", id, types);
    assertThat(id).isEqualTo("seam-error:3:7");
    try (RawSseClient stopped =
        RawSseClient.open(server.uri("/events/f"), "Last-Event-ID: " + id)) {
      assertThat(stopped.status).isEqualTo(204); // an EventSource stops reconnecting here
    }
    assertThat(types)
        .containsExactly("step", "step", "seam-error", "step", "seam-error", "step", "seam-error")
        .doesNotContain("error");
    // the producer saw where the client was, never the marker; the 204 ran no producer
    assertThat(seenLastIds).containsExactly("-", "7", "7");
  }

  @Test
  void anEventWithAnIdOfItsOwnResetsTheFailureCount() throws Exception {
    serve("jetty", SseEndpoint.builder(seam).stopAfterFailures(2));
    List<String> types = new CopyOnWriteArrayList<>();
    String id = connect("/events/f", "41", types);
    assertThat(id).isEqualTo("seam-error:1:41");
    id = connect("/events/f?progress", id, types); // progress: id 7 went out before the failure
    assertThat(id).isEqualTo("seam-error:1:7");
    id = connect("/events/f", id, types);
    assertThat(id).isEqualTo("seam-error:2:7");
    try (RawSseClient stopped =
        RawSseClient.open(server.uri("/events/f"), "Last-Event-ID: " + id)) {
      assertThat(stopped.status).isEqualTo(204);
    }
    assertThat(seenLastIds).containsExactly("41", "41", "7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aProducerThatResendsIdsTheClientHasBeforeFailingIsStoppedAfterTheConfiguredFailures(
      String binding) throws Exception {
    serve(binding, SseEndpoint.builder(seam).stopAfterFailures(3));
    List<String> types = new CopyOnWriteArrayList<>();
    String id = connect("/events/f?resend", "", types);
    assertThat(id).isEqualTo("seam-error:1:3");
    id = connect("/events/f?resend", id, types);
    assertThat(id).isEqualTo("seam-error:2:3");
    id = connect("/events/f?resend", id, types);
    assertThat(id).isEqualTo("seam-error:3:3");
    try (RawSseClient stopped =
        RawSseClient.open(server.uri("/events/f?resend"), "Last-Event-ID: " + id)) {
      assertThat(stopped.status).isEqualTo(204);
    }
    assertThat(seenLastIds).containsExactly("-", "3", "3");
  }

  @Test
  void anOrdinaryLastEventIdThatLooksLikeAMarkerButIsNotOneReachesTheProducerAsIs()
      throws Exception {
    serve("jdk", SseEndpoint.builder(seam));
    connect("/events/f", "seam-error:x", new CopyOnWriteArrayList<>());
    assertThat(seenLastIds).containsExactly("seam-error:x");
  }
}
