package dev.seam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.ThreadMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * Runs the check by hand around a seam that is still open at {@code afterEach}, then closes it, so
 * that the check which guards this class itself passes.
 */
@ExtendWith(SeamLeakCheck.class)
class SeamLeakCheckTest {
  private static final long WAIT_SECONDS = 10;

  /** The leak is the point here, so the check need not wait for it to end. */
  private final SeamLeakCheck check = new SeamLeakCheck(Duration.ZERO);

  private final ExtensionContext context = contextWithStore();

  @Test
  void leakedPlatformWorkerFailsTheTestNamingIt() throws Exception {
    assertLeakIsCaught(ThreadMode.PLATFORM, "platform-leak");
  }

  /** Virtual threads are missing from {@link Thread#getAllStackTraces()}; CI runs this on 25. */
  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void leakedVirtualWorkerFailsTheTestNamingIt() throws Exception {
    assertLeakIsCaught(ThreadMode.VIRTUAL, "virtual-leak");
  }

  @Test
  void seamClosedBeforeTheEndPasses() throws Exception {
    check.beforeEach(context);
    try (Seam seam = Seam.builder("closed").build()) {
      seam.call(() -> "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThatCode(() -> check.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualSeamClosedBeforeTheEndPasses() throws Exception {
    check.beforeEach(context);
    try (Seam seam = Seam.builder("closed-vt").threads(ThreadMode.VIRTUAL).build()) {
      seam.call(() -> "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThatCode(() -> check.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  void mdcLeftOnAWorkerFailsTheTestNamingTheThread() throws Exception {
    check.beforeEach(context);
    // No MDC propagator: nothing restores the worker's MDC, so the entry would reach the next call.
    try (Seam seam = Seam.builder("mdc-leak").propagate().build()) {
      seam.call(() -> put("tenant", "acme")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> check.afterEach(context))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seam thread seam-mdc-leak-1 ended holding {MDC={tenant=acme}}");
  }

  @Test
  void mdcRestoredByThePropagatorPasses() throws Exception {
    check.beforeEach(context);
    try (Seam seam = Seam.builder("mdc-restored").propagate(Propagators.mdc()).build()) {
      seam.call(() -> put("tenant", "acme")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThatCode(() -> check.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  void registeredThreadLocalLeftOnAWorkerFailsTheTest() throws Exception {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    SeamLeakCheck withTenant = check.withThreadLocal(tenant);
    withTenant.beforeEach(context);
    try (Seam seam = Seam.builder("tl-leak").build()) {
      seam.call(() -> set(tenant, "acme")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> withTenant.afterEach(context))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seam thread seam-tl-leak-1 ended holding {")
        .hasMessageContaining("=acme}");
  }

  @Test
  void registeredThreadLocalCarriedAndRestoredPasses() throws Exception {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    SeamLeakCheck withTenant = check.withThreadLocal(tenant);
    withTenant.beforeEach(context);
    tenant.set("acme");
    try (Seam seam = Seam.builder("tl-ok").propagate(Propagators.threadLocal(tenant)).build()) {
      assertThat(seam.call(tenant::get).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("acme");
    } finally {
      tenant.remove();
    }
    assertThatCode(() -> withTenant.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  void registeredThreadLocalLeftOnTheTestThreadFailsAndIsCleared() {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    SeamLeakCheck withTenant = check.withThreadLocal(tenant);
    withTenant.beforeEach(context);
    tenant.set("acme");
    assertThatThrownBy(() -> withTenant.afterEach(context))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("test left a thread-local value on its thread")
        .hasMessageEndingWith(" = acme");
    assertThat(tenant.get()).isNull();
  }

  @Test
  void resourceAboveItsCountBeforeTheTestFailsNamingIt() throws Exception {
    AtomicInteger leased = new AtomicInteger(1);
    SeamLeakCheck withPool = check.withResource("leased connections", leased::get);
    withPool.beforeEach(context);
    leased.set(3);
    assertThatThrownBy(() -> withPool.afterEach(context))
        .isInstanceOf(AssertionError.class)
        .hasMessage("test left leased connections open: 3 (before the test: 1)");
    withPool.beforeEach(context);
    leased.set(1);
    assertThatCode(() -> withPool.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  void resourceThatComesBackWithinTheGracePasses() throws Exception {
    AtomicInteger leased = new AtomicInteger();
    CountDownLatch checking = new CountDownLatch(1);
    SeamLeakCheck withPool =
        SeamLeakCheck.create()
            .withGrace(Duration.ofSeconds(WAIT_SECONDS))
            .withResource(
                "leased connections",
                () -> {
                  checking.countDown();
                  return leased.get();
                });
    withPool.beforeEach(context);
    leased.set(1);
    Thread giver =
        new Thread(
            () -> {
              try {
                checking.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              leased.set(0);
            });
    giver.start();
    assertThatCode(() -> withPool.afterEach(context)).doesNotThrowAnyException();
    giver.join();
  }

  @Test
  void badRegistrationsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> check.withResource(" ", () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource description is blank: ' '");
    assertThatThrownBy(() -> check.withResource("x", () -> 0).withResource("x", () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource already registered: 'x'");
    assertThatThrownBy(() -> check.withGrace(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grace < 0: PT-0.001S");
  }

  private void assertLeakIsCaught(ThreadMode mode, String name) throws Exception {
    check.beforeEach(context);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Seam seam = Seam.builder(name).threads(mode).build();
    try {
      CompletableFuture<String> call =
          seam.call(
              () -> {
                started.countDown();
                release.await();
                return "released";
              });
      if (!started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the call never started: " + call);
      }
      // The worker by name: the seam's timer is a named platform thread, found either way.
      assertThatThrownBy(() -> check.afterEach(context))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("test leaked seam threads (close every seam):")
          .hasMessageContaining("\n  seam-" + name + "-1 WAITING");
    } finally {
      release.countDown();
      seam.close();
    }
  }

  private static String put(String key, String value) {
    MDC.put(key, value);
    return value;
  }

  private static String set(ThreadLocal<String> tl, String value) {
    tl.set(value);
    return value;
  }

  /** A context whose store keeps what the check puts in it, which is all the check uses. */
  private static ExtensionContext contextWithStore() {
    Map<Object, Object> values = new HashMap<>();
    ExtensionContext.Store store = mock(ExtensionContext.Store.class);
    doAnswer(inv -> values.put(inv.getArgument(0), inv.getArgument(1)))
        .when(store)
        .put(any(), any());
    when(store.get(any(), any())).thenAnswer(inv -> values.get(inv.getArgument(0)));
    ExtensionContext context = mock(ExtensionContext.class);
    when(context.getStore(any())).thenReturn(store);
    return context;
  }
}
