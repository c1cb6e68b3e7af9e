package dev.seam.reliability;

import dev.seam.Seam;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** One downstream of the soak: a seam, and a seeded choice of what to ask of it next. */
interface SoakTarget extends AutoCloseable {
  /** The name the figures use. */
  String name();

  /** The seam its calls run on, whose stats the soak checks. */
  Seam seam();

  /**
   * Submits one call picked with {@code random}: ordinary work, slow work under a short deadline,
   * or an injected fault. Never throws.
   */
  CompletableFuture<?> next(SplittableRandom random);

  /** Closes the seam and what it used; every future it returned is complete before this. */
  @Override
  void close() throws Exception;
}
