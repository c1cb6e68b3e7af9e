package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamContextException;
import dev.seam.testing.SeamLeakCheck;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code ThreadLocalAccessor} registered with Micrometer's {@code ContextRegistry} travels
 * with a call, by default, and the worker gets its own values back afterwards (C4).
 */
@ExtendWith(SeamLeakCheck.class)
class ContextRegistryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();
  private static final ThreadLocal<String> REGION = new ThreadLocal<>();

  private final ContextRegistry registry = ContextRegistry.getInstance();
  private final List<Object> registered = new ArrayList<>();

  /** An accessor over one thread local that can be told to throw in one step. */
  private static final class Accessor implements ThreadLocalAccessor<String> {
    final String key;
    final ThreadLocal<String> local;
    final AtomicBoolean armed = new AtomicBoolean();
    final String throwIn;
    final List<String> steps = new CopyOnWriteArrayList<>();

    Accessor(String key, ThreadLocal<String> local, String throwIn) {
      this.key = key;
      this.local = local;
      this.throwIn = throwIn;
    }

    private void step(String step) {
      steps.add(step);
      if (armed.get() && step.startsWith(throwIn)) {
        throw new IllegalStateException("broken " + step);
      }
    }

    @Override
    public Object key() {
      return key;
    }

    @Override
    public String getValue() {
      step("getValue");
      return local.get();
    }

    @Override
    public void setValue(String value) {
      step("setValue(" + value + ")");
      local.set(value);
    }

    @Override
    public void setValue() {
      step("setValue()");
      local.remove();
    }

    @Override
    public void restore(String previous) {
      step("restore(" + previous + ")");
      local.set(previous);
    }

    @Override
    public void restore() {
      step("restore()");
      local.remove();
    }
  }

  private Accessor register(String key, ThreadLocal<String> local, String throwIn) {
    Accessor a = new Accessor(key, local, throwIn);
    registry.registerThreadLocalAccessor(a);
    registered.add(key);
    return a;
  }

  private void unregisterAll() {
    registered.forEach(registry::removeThreadLocalAccessor);
    registered.clear();
  }

  @AfterEach
  void cleanUp() {
    unregisterAll();
    TENANT.remove();
    REGION.remove();
  }

  /** One worker, the default propagators: the registry's accessors are carried without asking. */
  private static Seam seam(String name) {
    return Seam.builder(name).maxConcurrency(1).build();
  }

  private static CompletableFuture<String> read(Seam seam, ThreadLocal<String> local) {
    return seam.call(() -> String.valueOf(local.get()));
  }

  @Test
  void registeredAccessorIsCarriedByDefaultAndTheWorkersOwnValueComesBack() {
    try (Seam seam = seam("registry-default")) {
      // The worker's own value, set while no accessor is registered, so nothing undoes it.
      assertThat(seam.call(() -> setOnWorker("worker's own"))).succeedsWithin(WAIT);
      Accessor tenant = register("seam-test.tenant", TENANT, "none");

      TENANT.set("acme");
      CompletableFuture<String> inCall = read(seam, TENANT);
      CompletableFuture<String> inStage = inCall.thenApply(v -> v + "/" + TENANT.get());
      TENANT.remove();

      assertThat(inCall).succeedsWithin(WAIT).isEqualTo("acme");
      assertThat(inStage).succeedsWithin(WAIT).isEqualTo("acme/acme");

      unregisterAll(); // the next call reads the worker's thread local as it was left
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("worker's own");
      assertThat(tenant.steps).contains("setValue(acme)", "restore(worker's own)");
      assertThat(seam.call(() -> setOnWorker(null))).succeedsWithin(WAIT);
    }
  }

  @Test
  void aValueTheSubmitterDoesNotHaveIsClearedForTheCallAndRestoredAfter() {
    try (Seam seam = seam("registry-clears")) {
      assertThat(seam.call(() -> setOnWorker("worker's own"))).succeedsWithin(WAIT);
      Accessor tenant = register("seam-test.tenant", TENANT, "none");

      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("null");

      unregisterAll();
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("worker's own");
      assertThat(tenant.steps).contains("setValue()", "restore(worker's own)");
      assertThat(seam.call(() -> setOnWorker(null))).succeedsWithin(WAIT);
    }
  }

  @Test
  void valueIsGoneFromTheWorkerAfterTheCall() {
    try (Seam seam =
        Seam.builder("registry-explicit")
            .maxConcurrency(1)
            .propagate(Propagators.contextRegistry())
            .build()) {
      Accessor tenant = register("seam-test.tenant", TENANT, "none");
      TENANT.set("acme");
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("acme");
      TENANT.remove();
      unregisterAll();
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("null");
      // The worker had no value: restore() removed it, it was not left set to the caller's. (Read
      // after the next call on the one worker: the restore comes after the future completes.)
      assertThat(tenant.steps).endsWith("restore()");
    }
  }

  @Test
  void accessorThatThrowsInCaptureFailsTheCallNamingItsKey() {
    try (Seam seam = seam("registry-capture-throws")) {
      Accessor broken = register("seam-test.broken", REGION, "getValue");
      broken.armed.set(true);
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> f =
          seam.call(
              () -> {
                ran.set(true);
                return "never";
              });

      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamContextException.class)
          .withMessageContaining("registry-capture-throws")
          .withMessageContaining("Propagators.contextRegistry()")
          .withMessageContaining("capture")
          .withMessageContaining("seam-test.broken");
      assertThat(ran).isFalse();
      broken.armed.set(false);
      assertThat(seam.call(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
    }
  }

  @Test
  void accessorThatThrowsInSetValueFailsTheCallAndRestoresTheOnesSetBeforeIt() {
    try (Seam seam = seam("registry-install-throws")) {
      register("seam-test.tenant", TENANT, "none");
      Accessor broken = register("seam-test.broken", REGION, "setValue");
      broken.armed.set(true);
      TENANT.set("acme");
      REGION.set("eu");
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> f =
          seam.call(
              () -> {
                ran.set(true);
                return "never";
              });
      TENANT.remove();
      REGION.remove();

      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamContextException.class)
          .withMessageContaining("install")
          .withMessageContaining("seam-test.broken");
      assertThat(ran).isFalse();
      unregisterAll();
      // Same single worker: the tenant set before the broken accessor threw is gone.
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("null");
    }
  }

  @Test
  void accessorThatThrowsInRestoreKeepsTheOutcomeAndRestoresTheOthers() {
    try (Seam seam = seam("registry-restore-throws");
        LogCapture log = new LogCapture()) {
      register("seam-test.tenant", TENANT, "none");
      Accessor broken = register("seam-test.broken", REGION, "restore");
      broken.armed.set(true);
      TENANT.set("acme");
      REGION.set("eu");
      CompletableFuture<String> f = seam.call(() -> TENANT.get() + "/" + REGION.get());
      TENANT.remove();
      REGION.remove();

      assertThat(f).succeedsWithin(WAIT).isEqualTo("acme/eu");
      // The call's restore comes after its future completed, with the accessors it captured; the
      // next call on the one worker starts after it and, unregistered, reads the raw thread local.
      unregisterAll();
      assertThat(read(seam, TENANT)).succeedsWithin(WAIT).isEqualTo("null");
      broken.armed.set(false);
      assertThat(log.messages())
          .anySatisfy(
              m ->
                  assertThat(m).contains("registry-restore-throws", "seam-test.broken", "restore"));
      assertThat(seam.call(() -> setOnWorker(null))).succeedsWithin(WAIT); // REGION's leftover
    }
  }

  private static String setOnWorker(String value) {
    if (value == null) {
      TENANT.remove();
      REGION.remove();
    } else {
      TENANT.set(value);
    }
    return "set";
  }
}
