package dev.seam.spring.boot.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@code @SeamAsync} method Seam cannot run: which method, and why. */
public final class SeamAsyncFailureAnalyzer
    extends AbstractFailureAnalyzer<SeamAsyncDeclarationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SeamAsyncDeclarationException cause) {
    return new FailureAnalysis(
        "The @SeamAsync method "
            + cause.method()
            + " cannot run on a lane: "
            + cause.problem()
            + ".",
        "Declare the lane under seam.lanes.<name> (or as a Seam bean), return CompletableFuture or"
            + " CompletionStage from a public, non-final method, and give @SeamTimeout a positive"
            + " value in a unit of fixed length.",
        cause);
  }
}
