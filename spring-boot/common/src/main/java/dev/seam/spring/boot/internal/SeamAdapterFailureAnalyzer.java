package dev.seam.spring.boot.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@code @SeamAdapter} interface Seam cannot bind: which interface, methods and why. */
public final class SeamAdapterFailureAnalyzer
    extends AbstractFailureAnalyzer<SeamAdapterDeclarationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SeamAdapterDeclarationException cause) {
    return new FailureAnalysis(
        "The @SeamAdapter interface " + cause.type() + " cannot be bound: " + cause.problem(),
        "Declare the lane under seam.lanes.<name> (or as a Seam bean), make exactly one bean of"
            + " the target type (or name it with targetBean), and give each abstract method a"
            + " CompletableFuture or CompletionStage return type whose type argument the target's"
            + " method of the same name and parameters returns.",
        cause);
  }
}
