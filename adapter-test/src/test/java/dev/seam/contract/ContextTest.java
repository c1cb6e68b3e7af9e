package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

@ExtendWith(SeamLeakCheck.class)
class ContextTest {
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();
  private final ManualClock clock = new ManualClock();

  private Seam seam(int maxConcurrency) {
    return Seam.builder("ctx")
        .maxConcurrency(maxConcurrency)
        .maxQueued(2000)
        .timeout(Duration.ofSeconds(10))
        .clock(clock)
        .propagate(Propagators.mdc(), Propagators.threadLocal(TENANT))
        .build();
  }

  /** What a call saw of the context on its worker. */
  record Seen(String request, String tenant, Map<String, String> mdc) {}

  private static Seen seen() {
    return new Seen(MDC.get("request"), TENANT.get(), MDC.getCopyOfContextMap());
  }

  @Test
  void thousandCallsAlternatingContextsNeverBleedIntoEachOther() throws Exception {
    try (Seam seam = seam(2)) {
      List<CompletableFuture<Seen>> futures = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        if (i % 2 == 0) {
          MDC.put("request", "r" + i);
          TENANT.set("t" + i);
        } else {
          MDC.clear();
          TENANT.remove();
        }
        futures.add(
            seam.call(
                () -> {
                  Seen s = seen();
                  MDC.put("leaked", "by the call"); // must not survive into the next call
                  return s;
                }));
      }
      MDC.clear();
      TENANT.remove();
      for (int i = 0; i < 1000; i++) {
        Seen s = futures.get(i).get();
        if (i % 2 == 0) {
          assertThat(s.request()).isEqualTo("r" + i);
          assertThat(s.tenant()).isEqualTo("t" + i);
          assertThat(s.mdc()).containsOnlyKeys("request");
        } else {
          assertThat(s.request()).as("call %d", i).isNull();
          assertThat(s.tenant()).as("call %d", i).isNull();
          assertThat(s.mdc() == null || s.mdc().isEmpty())
              .as("call %d MDC %s", i, s.mdc())
              .isTrue();
        }
      }
    }
  }

  @Test
  void workerGetsItsOwnContextBackAfterTheCall() throws Exception {
    ThreadLocal<String> owned = new ThreadLocal<>();
    try (Seam seam =
        Seam.builder("own")
            .maxConcurrency(1)
            .clock(clock)
            .propagate(Propagators.threadLocal(owned))
            .build()) {
      // A value the call sets on its worker is removed afterwards: the worker had none before.
      assertThat(
              seam.call(
                  () -> {
                    owned.set("set inside");
                    return owned.get();
                  }))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("set inside");
      assertThat(seam.call(owned::get)).succeedsWithin(Duration.ofSeconds(10)).isNull();

      owned.set("caller");
      assertThat(seam.call(owned::get)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("caller");
      owned.remove();
      assertThat(seam.call(owned::get)).succeedsWithin(Duration.ofSeconds(10)).isNull();
    }
  }

  @Test
  void dependentStagesSeeTheCallersMdc() throws Exception {
    try (Seam seam = seam(1)) {
      Gate gate = new Gate();
      MDC.put("request", "42");
      CompletableFuture<String> f = seam.call(() -> gate.pass("v"));
      CompletableFuture<String> sync = f.thenApply(v -> MDC.get("request"));
      CompletableFuture<String> async = f.thenApplyAsync(v -> MDC.get("request"));
      CompletableFuture<String> asyncChain =
          f.thenApplyAsync(v -> v).thenApplyAsync(v -> MDC.get("request"));
      MDC.clear(); // the caller moves on; the stages must use what was captured

      gate.open();

      assertThat(sync).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("42");
      assertThat(async).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("42");
      assertThat(asyncChain).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("42");
    }
  }

  @Test
  void stagesDependingOnATimeoutSeeTheCallersMdcAndTheTimerThreadIsRestored() throws Exception {
    try (Seam seam = seam(1)) {
      Gate gate = new Gate();
      MDC.put("request", "timeout-7");
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      CompletableFuture<String> onFailure = f.exceptionally(e -> MDC.get("request"));
      MDC.clear();
      gate.awaitStarted();

      MDC.put("timer", "own"); // the thread that fires the deadline has context of its own
      clock.advance(Duration.ofSeconds(10));

      assertThat(onFailure).succeedsWithin(Duration.ZERO).isEqualTo("timeout-7");
      assertThat(MDC.getCopyOfContextMap()).containsExactlyEntriesOf(Map.of("timer", "own"));
      MDC.clear();
      gate.open();
      gate.awaitReturned();
    }
  }

  @Test
  void completeOnMovesDependentsOffTheSeamAndKeepsTheCallersMdc() throws Exception {
    java.util.concurrent.ExecutorService app =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "app-pool"));
    try (Seam seam =
        Seam.builder("hop").clock(clock).completeOn(app).propagate(Propagators.mdc()).build()) {
      Gate gate = new Gate();
      MDC.put("request", "hop-1");
      CompletableFuture<String> f = seam.call(() -> gate.pass("v"));
      CompletableFuture<String> where =
          f.thenApply(v -> Thread.currentThread().getName() + " " + MDC.get("request"));
      MDC.clear();
      gate.open();
      assertThat(where).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("app-pool hop-1");
    } finally {
      app.shutdown();
    }
  }

  @Test
  void openTelemetryContextIsCarriedByDefault() throws Exception {
    ContextKey<String> key = ContextKey.named("tenant");
    try (Seam seam = Seam.builder("otel").clock(clock).build()) {
      CompletableFuture<String> f;
      try (Scope ignored = Context.current().with(key, "acme").makeCurrent()) {
        f = seam.call(() -> Context.current().get(key));
      }
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("acme");
      assertThat(seam.call(() -> Context.current().get(key)))
          .succeedsWithin(Duration.ofSeconds(10))
          .isNull();
    }
  }

  @Test
  void emptyPropagationCarriesNothing() throws Exception {
    try (Seam seam = Seam.builder("none").clock(clock).propagate().build()) {
      MDC.put("request", "not carried");
      CompletableFuture<String> f = seam.call(() -> MDC.get("request"));
      MDC.clear();
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isNull();
    }
  }
}
