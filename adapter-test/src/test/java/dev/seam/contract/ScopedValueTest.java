package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.ThreadMode;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * A {@code ScopedValue} bound at submission is bound on the worker for the call, and around its
 * dependent stages, and nowhere else (C4, Java 25). Runs in the JDK 25 pass of {@code .ci/run}
 * ({@code -Dseam.test.jvm=<jdk25>/bin/java}); on older JVMs only the error is tested.
 */
@ExtendWith(SeamLeakCheck.class)
class ScopedValueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Seam seam(String name, ThreadMode mode, ContextPropagator<?>... propagators) {
    return Seam.builder(name).maxConcurrency(1).threads(mode).propagate(propagators).build();
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  @EnabledForJreRange(min = JRE.JAVA_25)
  void bindingAtSubmissionIsBoundOnTheWorkerForTheCallOnly(ThreadMode mode) throws Throwable {
    Object tenant = ScopedValues.newInstance();
    try (Seam seam = seam("sv-" + mode, mode, Propagators.scopedValue(tenant))) {
      CompletableFuture<String> inCall =
          ScopedValues.where(
              tenant, "acme", () -> seam.call(() -> ScopedValues.read(tenant) + " on worker"));

      assertThat(inCall).succeedsWithin(WAIT).isEqualTo("acme on worker");
      // Same single worker, submitted outside any binding: nothing is left bound there.
      assertThat(seam.call(() -> ScopedValues.read(tenant)))
          .succeedsWithin(WAIT)
          .isEqualTo("unbound");
      assertThat(ScopedValues.read(tenant)).isEqualTo("unbound");
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_25)
  void dependentStagesSeeTheBindingOnWhicheverThreadRunsThem() throws Throwable {
    Object tenant = ScopedValues.newInstance();
    try (Seam seam = seam("sv-stages", ThreadMode.PLATFORM, Propagators.scopedValue(tenant))) {
      Gate gate = new Gate();
      CompletableFuture<String> stage =
          ScopedValues.where(
              tenant,
              "acme",
              () ->
                  seam.call(
                          () -> {
                            return gate.pass("call");
                          })
                      .thenApply(v -> v + " then " + ScopedValues.read(tenant)));
      gate.open(); // the stage runs on the worker that completes the call, outside our binding
      assertThat(stage).succeedsWithin(WAIT).isEqualTo("call then acme");
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_25)
  void bindingToNullIsCarriedAsABindingAndOtherContextStillTravels() throws Throwable {
    Object tenant = ScopedValues.newInstance();
    try (Seam seam =
        seam("sv-null", ThreadMode.PLATFORM, Propagators.scopedValue(tenant), Propagators.mdc())) {
      MDC.put("request", "r1");
      CompletableFuture<String> f =
          ScopedValues.where(
              tenant,
              null,
              () -> seam.call(() -> ScopedValues.read(tenant) + "/" + MDC.get("request")));
      MDC.clear();
      assertThat(f).succeedsWithin(WAIT).isEqualTo("null/r1");
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_25)
  void somethingElseThanAScopedValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> Propagators.scopedValue("tenant"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.ScopedValue")
        .hasMessageContaining("java.lang.String")
        .hasMessageContaining("tenant");
    assertThatThrownBy(() -> Propagators.scopedValue(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_24)
  void beforeJava25TheErrorNamesTheValueAndTheJvm() {
    assertThatThrownBy(() -> Propagators.scopedValue("tenant"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("tenant")
        .hasMessageContaining("Java 25")
        .hasMessageContaining(Runtime.version().toString());
  }
}
