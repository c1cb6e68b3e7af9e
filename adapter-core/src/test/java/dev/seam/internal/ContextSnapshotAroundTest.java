package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.ContextPropagator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Context bound around code: nested in propagator order inside the installed scopes, a failure
 * before the body is a {@code ContextFailure} of that propagator, and the body's own failure passes
 * through unchanged.
 */
class ContextSnapshotAroundTest {
  private final List<String> trace = new ArrayList<>();

  /** Records entering and leaving; throws before running the body when told to. */
  private final class Around implements AroundPropagator<String> {
    final String name;
    final boolean throwBefore;

    Around(String name, boolean throwBefore) {
      this.name = name;
      this.throwBefore = throwBefore;
    }

    @Override
    public String capture() {
      return name + "-value";
    }

    @Override
    public void runAround(String captured, Runnable body) {
      if (throwBefore) {
        throw new IllegalStateException(name + " cannot bind");
      }
      trace.add("enter " + captured);
      try {
        body.run();
      } finally {
        trace.add("leave " + captured);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A plain propagator that records its install and restore. */
  private final class Plain implements ContextPropagator<String> {
    @Override
    public String capture() {
      return "plain";
    }

    @Override
    public Scope install(String captured) {
      trace.add("install " + captured);
      return () -> trace.add("restore " + captured);
    }
  }

  @Test
  void aroundContextNestsInPropagatorOrderInsideTheInstalledScopes() {
    ContextSnapshot snapshot =
        ContextSnapshot.capture(
            List.of(new Around("a", false), new Plain(), new Around("b", false)));
    assertThat(snapshot.hasAround()).isTrue();
    try (ContextPropagator.Scope ignored = snapshot.install()) {
      String result = snapshot.supplyAround(() -> "body");
      trace.add(result);
    }
    assertThat(trace)
        .containsExactly(
            "install plain",
            "enter a-value",
            "enter b-value",
            "leave b-value",
            "leave a-value",
            "body",
            "restore plain");
  }

  @Test
  void failureBeforeTheBodyNamesThePropagatorAndTheBodyDoesNotRun() {
    ContextSnapshot snapshot =
        ContextSnapshot.capture(List.of(new Around("a", false), new Around("b", true)));
    assertThatThrownBy(() -> snapshot.runAround(() -> trace.add("body")))
        .isInstanceOfSatisfying(
            ContextSnapshot.ContextFailure.class,
            f -> {
              assertThat(f.propagator()).isEqualTo("b");
              assertThat(f.step()).isEqualTo("install");
            })
        .hasMessageContaining("b cannot bind");
    assertThat(trace).containsExactly("enter a-value", "leave a-value");
  }

  @Test
  void theBodysOwnFailurePassesThroughUnwrapped() {
    ContextSnapshot snapshot = ContextSnapshot.capture(List.of(new Around("a", false)));
    IllegalArgumentException thrown = new IllegalArgumentException("the call's own");
    assertThatThrownBy(
            () ->
                snapshot.runAround(
                    () -> {
                      throw thrown;
                    }))
        .isSameAs(thrown);
    assertThat(trace).containsExactly("enter a-value", "leave a-value");
  }

  @Test
  void snapshotWithoutAroundContextRunsTheBodyDirectly() {
    ContextSnapshot snapshot = ContextSnapshot.capture(List.of(new Plain()));
    assertThat(snapshot.hasAround()).isFalse();
    assertThat(snapshot.supplyAround(() -> "direct")).isEqualTo("direct");
  }
}
