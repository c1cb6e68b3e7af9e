package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.ContextPropagator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Installing and restoring a snapshot: with one propagator (the scope is the propagator's own,
 * wrapped only to name it when it throws) as with several, a failure names the propagator and the
 * step, and nothing installed is left behind.
 */
class ContextSnapshotTest {
  private final List<String> trace = new ArrayList<>();

  /** Records its steps; throws in the one it is told to. */
  private final class Recording implements ContextPropagator<String> {
    final String name;
    final String throwIn;

    Recording(String name, String throwIn) {
      this.name = name;
      this.throwIn = throwIn;
    }

    @Override
    public String capture() {
      return name + "-value";
    }

    @Override
    public Scope install(String captured) {
      step("install " + captured);
      return () -> step("restore " + name);
    }

    private void step(String what) {
      trace.add(what);
      if (what.startsWith(throwIn)) {
        throw new IllegalStateException(name + " broke in " + throwIn);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void aSinglePropagatorIsInstalledAndRestored() {
    ContextSnapshot snapshot = ContextSnapshot.capture(List.of(new Recording("mdc", "never")));

    snapshot.install().close();

    assertThat(trace).containsExactly("install mdc-value", "restore mdc");
  }

  @Test
  void aSinglePropagatorThatThrowsInInstallIsNamedWithTheStep() {
    ContextSnapshot snapshot = ContextSnapshot.capture(List.of(new Recording("mdc", "install")));

    assertThatThrownBy(snapshot::install)
        .isInstanceOfSatisfying(
            ContextSnapshot.ContextFailure.class,
            f -> {
              assertThat(f.propagator()).isEqualTo("mdc");
              assertThat(f.step()).isEqualTo("install");
            })
        .hasRootCauseMessage("mdc broke in install");
  }

  @Test
  void aSinglePropagatorThatThrowsInRestoreIsNamedWithTheStep() {
    ContextSnapshot snapshot = ContextSnapshot.capture(List.of(new Recording("mdc", "restore")));
    ContextPropagator.Scope scope = snapshot.install();

    assertThatThrownBy(scope::close)
        .isInstanceOfSatisfying(
            ContextSnapshot.ContextFailure.class,
            f -> {
              assertThat(f.propagator()).isEqualTo("mdc");
              assertThat(f.step()).isEqualTo("restore");
            })
        .hasRootCauseMessage("mdc broke in restore");
  }

  @Test
  void aSinglePropagatorReturningNoScopeRestoresNothing() {
    ContextPropagator<String> noScope =
        new ContextPropagator<>() {
          @Override
          public String capture() {
            return "v";
          }

          @Override
          public Scope install(String captured) {
            trace.add("install " + captured);
            return null;
          }
        };

    ContextSnapshot.capture(List.of(noScope)).install().close();

    assertThat(trace).containsExactly("install v");
  }

  @Test
  void severalPropagatorsRestoreInReverseAndAllEvenWhenOneThrows() {
    ContextSnapshot snapshot =
        ContextSnapshot.capture(
            List.of(
                new Recording("a", "never"),
                new Recording("b", "restore"),
                new Recording("c", "never")));
    ContextPropagator.Scope scope = snapshot.install();

    assertThatThrownBy(scope::close)
        .isInstanceOfSatisfying(
            ContextSnapshot.ContextFailure.class, f -> assertThat(f.propagator()).isEqualTo("b"));
    assertThat(trace)
        .containsExactly(
            "install a-value",
            "install b-value",
            "install c-value",
            "restore c",
            "restore b",
            "restore a");
  }

  @Test
  void aFailedInstallRestoresThoseInstalledBeforeIt() {
    ContextSnapshot snapshot =
        ContextSnapshot.capture(
            List.of(new Recording("a", "never"), new Recording("b", "install")));

    assertThatThrownBy(snapshot::install)
        .isInstanceOfSatisfying(
            ContextSnapshot.ContextFailure.class, f -> assertThat(f.step()).isEqualTo("install"));
    assertThat(trace).containsExactly("install a-value", "install b-value", "restore a");
  }

  @Test
  void aMutableListOfPropagatorsIsCopiedAtCapture() {
    List<ContextPropagator<?>> propagators = new ArrayList<>(List.of(new Recording("a", "never")));
    ContextSnapshot snapshot = ContextSnapshot.capture(propagators);
    propagators.add(new Recording("late", "never"));

    snapshot.install().close();

    assertThat(trace).containsExactly("install a-value", "restore a");
  }
}
