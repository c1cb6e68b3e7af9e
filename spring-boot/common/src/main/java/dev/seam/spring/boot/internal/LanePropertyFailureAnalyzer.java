package dev.seam.spring.boot.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad {@code seam.*} value at start-up: which property, which value, what would do. */
public final class LanePropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<LanePropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, LanePropertyException cause) {
    return new FailureAnalysis(
        "Invalid value '"
            + cause.value()
            + "' for property '"
            + cause.property()
            + "': it must be "
            + cause.requirement()
            + ".",
        "Change '" + cause.property() + "' to a value that is " + cause.requirement() + ".",
        cause);
  }
}
