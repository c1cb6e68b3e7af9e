package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H4: the W3C {@code traceparent} of the span current at submission reaches the server. The seam
 * here carries only MDC, so the worker has no span: the header can only come from the context
 * captured on the submitting thread.
 */
@ExtendWith(SeamLeakCheck.class)
class TraceContextTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  private Seam seam;
  private TestClient client;
  private LoopbackServer server;

  static TestClient.Factory[] clients() {
    return TestClient.all();
  }

  @BeforeEach
  void start() throws IOException {
    seam =
        Seam.builder("http-trace")
            .timeout(Duration.ofSeconds(5))
            .propagate(Propagators.mdc())
            .build();
    server = new LoopbackServer(LoopbackServer.respond(200, "ok"));
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
    seam.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void traceparentFromSubmittingSpanReachesServer(TestClient.Factory factory) throws Exception {
    client = factory.create.apply(seam);
    SpanContext span =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    CompletableFuture<?> f;
    try (Scope scope = Context.root().with(Span.wrap(span)).makeCurrent()) {
      f = client.get(server.uri("/traced"), HttpOptions.defaults());
    }
    f.get(5, TimeUnit.SECONDS);
    Map<String, String> request = server.requests.remove();
    assertThat(request).containsEntry("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void noTraceparentWithoutCurrentSpan(TestClient.Factory factory) throws Exception {
    client = factory.create.apply(seam);
    client.get(server.uri("/untraced"), HttpOptions.defaults()).get(5, TimeUnit.SECONDS);
    assertThat(server.requests.remove()).doesNotContainKey("traceparent");
  }
}
