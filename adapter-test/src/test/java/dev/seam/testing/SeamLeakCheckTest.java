package dev.seam.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.Seam;
import dev.seam.ThreadMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

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
