package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.ThreadMode;
import dev.seam.testing.SeamLeakCheck;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

/**
 * OpenTelemetry's strict context checking, which this module's surefire run switches on for every
 * test ({@code io.opentelemetry.context.enableStrictContext=true}): a scope closed out of order or
 * on another thread throws, and a scope never closed is reported when it is collected. Here the
 * check is shown to be on and to catch a leak, and calls that succeed, fail, time out and are
 * cancelled leave no scope behind. Also: a worker thread that was created while one user's context
 * was current never shows that context to another user's call.
 */
@ExtendWith(SeamLeakCheck.class)
class StrictContextTest {
  private static final ContextKey<String> USER = ContextKey.named("user");
  private static final Logger STRICT =
      Logger.getLogger("io.opentelemetry.context.StrictContextStorage");

  static Stream<ThreadMode> threadModes() {
    return Runtime.version().feature() >= 21
        ? Stream.of(ThreadMode.PLATFORM, ThreadMode.VIRTUAL)
        : Stream.of(ThreadMode.PLATFORM);
  }

  @Test
  void strictContextCheckingIsOn() {
    assertThat(ContextStorage.get().getClass().getName())
        .as("run with -Dio.opentelemetry.context.enableStrictContext=true (adapter-test/pom.xml)")
        .isEqualTo("io.opentelemetry.context.StrictContextStorage");
  }

  @Test
  void callsOfEveryOutcomeLeaveNoScopeOpen() throws Exception {
    List<LogRecord> leaks = new CopyOnWriteArrayList<>();
    Handler handler = recordingSevere(leaks);
    STRICT.addHandler(handler);
    try {
      try (Seam seam =
          Seam.builder("strict")
              .maxConcurrency(2)
              .maxQueued(50)
              .propagate(Propagators.openTelemetry(), Propagators.mdc())
              .build()) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 200; i++) {
          try (Scope ignored = Context.current().with(USER, "u" + i).makeCurrent()) {
            int kind = i % 4;
            CompletableFuture<?> f =
                seam.call(
                    Duration.ofMillis(kind == 2 ? 5 : 5_000),
                    call -> {
                      if (kind == 1) {
                        throw new IllegalStateException("fails");
                      } else if (kind >= 2) {
                        never.await(); // ended by the deadline (2) or the cancel (3)
                      }
                      return Context.current().get(USER);
                    });
            if (kind == 3) {
              f.cancel(true);
            }
            // A dependent stage opens and closes its own scope on whatever thread completes f.
            all.add(f.handle((v, e) -> Context.current().get(USER)));
          }
        }
        for (CompletableFuture<?> f : all) {
          f.get(10, TimeUnit.SECONDS);
        }
      }
      assertThat(Context.current()).isSameAs(Context.root());
      // Positive control, last: a scope really leaked must be reported. The cleaner handles
      // collected scopes in order, so once this one is reported, any earlier leak was too.
      leakOneScope();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (leaks.isEmpty() && System.nanoTime() < end) {
        System.gc();
        Thread.sleep(20); // giving the JDK's reference handler and the cleaner thread a turn
      }
      assertThat(leaks).as("the deliberate leak was reported").isNotEmpty();
      assertThat(leaks)
          .as("only the deliberate leak: %s", leaks.stream().map(LogRecord::getThrown).toList())
          .hasSize(1);
      assertThat(stackOf(leaks.get(0))).contains("leakOneScope");
    } finally {
      STRICT.removeHandler(handler);
    }
  }

  @ParameterizedTest
  @MethodSource("threadModes")
  void workerCreatedUnderOneUsersContextNeverShowsItToAnotherUsersCall(ThreadMode mode)
      throws Exception {
    // One worker, created lazily by the first call: that is, while user A's context is current.
    try (Seam seam =
        Seam.builder("first-user")
            .maxConcurrency(1)
            .threads(mode)
            .propagate(Propagators.openTelemetry(), Propagators.mdc())
            .build()) {
      String first;
      MDC.put("user", "A");
      try (Scope ignored = Context.current().with(USER, "A").makeCurrent()) {
        first = seam.call(StrictContextTest::seenUser).get(10, TimeUnit.SECONDS);
      } finally {
        MDC.clear();
      }
      assertThat(first).isEqualTo("otel=A mdc=A");

      MDC.put("user", "B");
      try (Scope ignored = Context.current().with(USER, "B").makeCurrent()) {
        assertThat(seam.call(StrictContextTest::seenUser).get(10, TimeUnit.SECONDS))
            .isEqualTo("otel=B mdc=B");
      } finally {
        MDC.clear();
      }
      // A user with no context at all sees none: not A's, inherited by the thread at creation.
      assertThat(seam.call(StrictContextTest::seenUser).get(10, TimeUnit.SECONDS))
          .isEqualTo("otel=null mdc=null");
    }
  }

  private static String seenUser() {
    return "otel=" + Context.current().get(USER) + " mdc=" + MDC.get("user");
  }

  /** Opens a scope on a thread that ends without closing it. */
  private static void leakOneScope() throws InterruptedException {
    Thread t =
        new Thread(
            () -> {
              @SuppressWarnings({"MustBeClosedChecker", "unused"})
              Scope leaked = Context.current().with(USER, "leaked").makeCurrent();
            },
            "strict-context-leaker");
    t.start();
    t.join();
  }

  private static Handler recordingSevere(List<LogRecord> into) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
          into.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private static String stackOf(LogRecord r) {
    StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
    for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
      for (StackTraceElement e : t.getStackTrace()) {
        sb.append('\n').append(e);
      }
    }
    return sb.toString();
  }
}
