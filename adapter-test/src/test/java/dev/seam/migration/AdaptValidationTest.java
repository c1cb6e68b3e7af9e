package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.SeamTimeout;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.SeamLeakCheck;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class AdaptValidationTest {
  private final Seam seam = ImmediateSeam.create("orders");

  @AfterEach
  void closeSeam() {
    seam.close();
  }

  interface Legacy {
    String find(long id);

    int count();

    void archive(long id);

    String byKey(long id);

    String byKey(Object key);
  }

  static class LegacyImpl implements Legacy {
    @Override
    public String find(long id) {
      return "order-" + id;
    }

    @Override
    public int count() {
      return 1;
    }

    @Override
    public void archive(long id) {}

    @Override
    public String byKey(long id) {
      return "long";
    }

    @Override
    public String byKey(Object key) {
      return "object";
    }
  }

  interface MissingMethod {
    CompletableFuture<String> findByName(String name);
  }

  @Test
  void missingSyncMethodFailsAtCreationNamingTheMethod() {
    assertThatThrownBy(() -> Seam.adapt(MissingMethod.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "MissingMethod.findByName(String) has no matching method in LegacyImpl")
        .hasMessageContaining("expected a public method findByName(String)");
  }

  interface WrongParameters {
    CompletableFuture<String> find(String id);
  }

  @Test
  void sameNameWithOtherParametersIsMissingAndListsWhatWasFound() {
    assertThatThrownBy(() -> Seam.adapt(WrongParameters.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WrongParameters.find(String) has no matching method")
        .hasMessageContaining("(found find(long))");
  }

  interface Ambiguous {
    CompletableFuture<String> byKey(Long id);
  }

  @Test
  void parametersMatchingSeveralSyncMethodsAreAmbiguous() {
    assertThatThrownBy(() -> Seam.adapt(Ambiguous.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ambiguous.byKey(Long) is ambiguous")
        .hasMessageContaining("byKey(long)")
        .hasMessageContaining("byKey(Object)");
  }

  interface WrongResult {
    CompletableFuture<Integer> find(long id);
  }

  @Test
  void syncReturnTypeThatDoesNotFitTheFutureFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(WrongResult.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "WrongResult.find(long) returns CompletableFuture<Integer>, but LegacyImpl.find(long)"
                + " returns String; expected a value of type Integer");
  }

  interface VoidForValue {
    CompletableFuture<Void> find(long id);
  }

  @Test
  void voidFutureOverAValueReturningMethodFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(VoidForValue.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VoidForValue.find(long)")
        .hasMessageContaining("expected void");
  }

  interface ValueForVoid {
    CompletableFuture<String> archive(long id);
  }

  @Test
  void valueFutureOverAVoidMethodFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(ValueForVoid.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ValueForVoid.archive(long)")
        .hasMessageContaining("returns void; expected a value of type String");
  }

  interface NotAFuture {
    String find(long id);
  }

  @Test
  void abstractMethodNotReturningAFutureFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(NotAFuture.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "NotAFuture.find(long) returns String; expected CompletableFuture<R> or"
                + " CompletionStage<R>");
  }

  interface ZeroTimeout {
    @SeamTimeout(0)
    CompletableFuture<String> find(long id);
  }

  @Test
  void nonPositiveTimeoutAnnotationFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(ZeroTimeout.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZeroTimeout.find(long) has @SeamTimeout(value = 0, unit = Millis)")
        .hasMessageContaining("expected a positive timeout");
  }

  interface MonthsTimeout {
    @SeamTimeout(value = 1, unit = ChronoUnit.MONTHS)
    CompletableFuture<String> find(long id);
  }

  @Test
  void timeoutUnitWithoutFixedLengthFailsAtCreation() {
    assertThatThrownBy(() -> Seam.adapt(MonthsTimeout.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MonthsTimeout.find(long)")
        .hasMessageContaining("expected a unit of fixed length");
  }

  interface TwoProblems {
    CompletableFuture<Integer> find(long id);

    CompletableFuture<String> missing();
  }

  @Test
  void everyMismatchIsReportedInOneMessage() {
    assertThatThrownBy(() -> Seam.adapt(TwoProblems.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TwoProblems.find(long)")
        .hasMessageContaining("TwoProblems.missing()");
  }

  @Test
  void classInsteadOfInterfaceIsRefused() {
    assertThatThrownBy(() -> Seam.adapt(LegacyImpl.class, new LegacyImpl(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(LegacyImpl.class.getName())
        .hasMessageContaining("expected an interface");
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> Seam.adapt(MissingMethod.class, null, seam))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("impl");
    assertThatThrownBy(() -> Seam.adapt(MissingMethod.class, new LegacyImpl(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("seam");
  }
}
