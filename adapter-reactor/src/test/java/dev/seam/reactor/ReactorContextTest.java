package dev.seam.reactor;

import dev.seam.Seam;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * The call runs in the subscriber's Reactor {@code Context}, carried by the accessors registered
 * with Micrometer's {@code ContextRegistry}, with no automatic context propagation turned on; the
 * Reactor thread and the seam worker are left as they were.
 */
class ReactorContextTest {
  static final String KEY = "seam.reactor.test.request";
  static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  /** What an application registers: a Reactor Context key carried as a ThreadLocal and in MDC. */
  static final class RequestAccessor implements ThreadLocalAccessor<String> {
    @Override
    public Object key() {
      return KEY;
    }

    @Override
    public String getValue() {
      return REQUEST.get();
    }

    @Override
    public void setValue(String value) {
      REQUEST.set(value);
      MDC.put("request", value);
    }

    @Override
    public void setValue() {
      REQUEST.remove();
      MDC.remove("request");
    }
  }

  private static final Duration BOUND = Duration.ofSeconds(10);
  private final Seam seam = Seam.builder("context-test").maxConcurrency(1).build();
  private final Scheduler subscriber = Schedulers.newSingle("subscriber");

  @BeforeAll
  static void register() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestAccessor());
  }

  @AfterAll
  static void unregister() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
  }

  @AfterEach
  void close() {
    seam.close();
    subscriber.dispose();
  }

  private static String seen() {
    return REQUEST.get() + "/" + MDC.get("request");
  }

  @Test
  void theCallSeesTheSubscribersContextOnTheWorker() {
    Mono<String> mono =
        SeamReactor.mono(seam, ReactorContextTest::seen)
            .subscribeOn(subscriber)
            .contextWrite(Context.of(KEY, "r-1"));

    StepVerifier.create(mono).expectNext("r-1/r-1").verifyComplete();
  }

  @Test
  void nothingStaysOnTheSubscribingThreadOrTheWorker() {
    Mono<String> mono =
        SeamReactor.mono(seam, ReactorContextTest::seen)
            .subscribeOn(subscriber)
            .contextWrite(Context.of(KEY, "r-2"));
    StepVerifier.create(mono).expectNext("r-2/r-2").verifyComplete();

    // The same single Reactor thread, and the seam's only worker, afterwards:
    StepVerifier.create(Mono.fromCallable(ReactorContextTest::seen).subscribeOn(subscriber))
        .expectNext("null/null")
        .verifyComplete();
    StepVerifier.create(SeamReactor.mono(seam, (Callable<String>) ReactorContextTest::seen))
        .expectNext("null/null")
        .verifyComplete();
  }

  @Test
  void aValueLeftOnTheSubscribingThreadIsNotCarriedAndIsRestoredAfter() {
    Mono<String> mono =
        Mono.defer(
            () -> {
              REQUEST.set("stale"); // what a careless handler left on a Reactor thread
              MDC.put("request", "stale");
              return SeamReactor.mono(seam, ReactorContextTest::seen)
                  .doOnSubscribe(s -> {})
                  .zipWith(Mono.fromCallable(ReactorContextTest::seen), (a, b) -> a + "|" + b)
                  .doFinally(
                      x -> {
                        REQUEST.remove();
                        MDC.remove("request");
                      });
            });

    StepVerifier.create(mono.subscribeOn(subscriber))
        .expectNext("null/null|stale/stale")
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void dependentWorkOnTheCallsThreadStillSeesTheContextOfEachSubscription() {
    Mono<String> mono = SeamReactor.mono(seam, ReactorContextTest::seen);

    StepVerifier.create(mono.contextWrite(Context.of(KEY, "a"))).expectNext("a/a").verifyComplete();
    StepVerifier.create(mono.contextWrite(Context.of(KEY, "b"))).expectNext("b/b").verifyComplete();
    StepVerifier.create(mono).expectNext("null/null").verifyComplete();
  }
}
