package dev.seam.api;

import static dev.seam.api.GeneratedInputs.NEGATIVE_EDGES;
import static dev.seam.api.GeneratedInputs.POSITIVE_EDGES;
import static dev.seam.api.GeneratedInputs.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.internal.LiveSeamThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builder validation against generated inputs: every invalid value of every option is rejected at
 * {@code build()} with an {@link IllegalArgumentException} that prints the value, and every valid
 * combination builds a seam with exactly those settings. Each test runs the edge values, then
 * values from a seed that its failures name ({@code -Dseam.generated.seed=<seed>} replays them).
 * (adapter-core cannot use SeamLeakCheck, which lives in the module built on this one; each seam is
 * closed in place and the class checks that no seam thread it started is left.)
 */
class SeamBuilderGeneratedInputTest {
  private static final List<Integer> NON_POSITIVE_INT_EDGES =
      List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2, -1, 0);
  private static final List<Integer> NEGATIVE_INT_EDGES =
      List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2, -1);

  @Test
  void maxConcurrencyBelowOneIsRejectedPrintingIt() throws Exception {
    new GeneratedInputs()
        .forEach(
            200,
            NON_POSITIVE_INT_EDGES,
            r -> GeneratedInputs.intDownFrom(r, 0, Integer.MIN_VALUE),
            (n, as) -> assertRejected(b -> b.maxConcurrency(n), "maxConcurrency < 1: " + n, as));
  }

  @Test
  void negativeMaxQueuedIsRejectedPrintingIt() throws Exception {
    new GeneratedInputs()
        .forEach(
            200,
            NEGATIVE_INT_EDGES,
            r -> GeneratedInputs.intDownFrom(r, -1, Integer.MIN_VALUE),
            (n, as) -> assertRejected(b -> b.maxQueued(n), "maxQueued < 0: " + n, as));
  }

  @Test
  void nonPositiveTimeoutIsRejectedPrintingIt() throws Exception {
    List<Duration> edges = new ArrayList<>(NEGATIVE_EDGES);
    edges.add(Duration.ZERO);
    new GeneratedInputs()
        .forEach(
            200,
            edges,
            r -> r.nextInt(10) == 0 ? Duration.ZERO : GeneratedInputs.negativeDuration(r),
            (d, as) -> assertRejected(b -> b.timeout(d), "timeout <= 0: " + d, as));
  }

  @Test
  void negativeDurationsAreRejectedNamingTheOptionAndValue() throws Exception {
    new GeneratedInputs()
        .forEach(
            200,
            NEGATIVE_EDGES,
            GeneratedInputs::negativeDuration,
            (d, as) -> {
              assertRejected(b -> b.shutdownGrace(d), "shutdownGrace < 0: " + d, as);
              assertRejected(b -> b.queueLagWarning(d), "queueLagWarning < 0: " + d, as);
              assertRejected(b -> b.slowCallWarning(d), "slowCallWarning < 0: " + d, as);
            });
  }

  @Test
  void blankNamesAreRejectedPrintingThem() throws Exception {
    String blanks = " \t\n\r\u000B\f\u2003";
    List<String> edges = new ArrayList<>(List.of("", blanks.substring(0, 6)));
    for (int i = 0; i < blanks.length(); i++) {
      edges.add(blanks.substring(i, i + 1));
    }
    new GeneratedInputs()
        .forEach(
            100,
            edges,
            r -> GeneratedInputs.stringOf(r, blanks, 6),
            (name, as) -> {
              Throwable thrown = catchThrowable(() -> Seam.builder(name).build().close());
              assertThat(thrown)
                  .as(as)
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("name is empty: '" + name + "'");
            });
  }

  /** One valid setting of every option. */
  record Settings(
      String name,
      int maxConcurrency,
      int maxQueued,
      Duration timeout,
      Duration grace,
      Duration lag,
      Duration slow) {
    @Override
    public String toString() {
      return String.format(
          "name=%s maxConcurrency=%d maxQueued=%d timeout=%s grace=%s lag=%s slow=%s",
          show(name), maxConcurrency, maxQueued, timeout, grace, lag, slow);
    }

    static Settings draw(SplittableRandom r) {
      String name;
      do {
        name = GeneratedInputs.anyChars(r, 1, 30);
      } while (name.isBlank());
      return new Settings(
          name,
          GeneratedInputs.intBetween(r, 1, 10_000),
          GeneratedInputs.intBetween(r, 0, 1_000_000),
          GeneratedInputs.positiveDuration(r),
          nonNegative(r),
          nonNegative(r),
          nonNegative(r));
    }

    private static Duration nonNegative(SplittableRandom r) {
      return r.nextInt(10) == 0 ? Duration.ZERO : GeneratedInputs.positiveDuration(r);
    }
  }

  @Test
  void everyValidCombinationBuildsWithThoseSettings() throws Exception {
    Duration zero = Duration.ZERO;
    Duration longest = POSITIVE_EDGES.get(2);
    List<Settings> edges =
        List.of(
            new Settings("a", 1, 0, POSITIVE_EDGES.get(0), zero, zero, zero),
            new Settings("x".repeat(30), 10_000, 1_000_000, longest, longest, longest, longest),
            new Settings("\0", 1, 1_000_000, POSITIVE_EDGES.get(1), zero, longest, zero),
            new Settings("\ud800", 10_000, 0, POSITIVE_EDGES.get(3), longest, zero, longest),
            new Settings(" a\r\n", 2, 1, POSITIVE_EDGES.get(4), POSITIVE_EDGES.get(0), zero, zero));
    new GeneratedInputs().forEach(60, edges, Settings::draw, this::buildsWithThoseSettings);
  }

  private void buildsWithThoseSettings(Settings s, String as) {
    try (Seam seam =
        Seam.builder(s.name())
            .maxConcurrency(s.maxConcurrency())
            .maxQueued(s.maxQueued())
            .timeout(s.timeout())
            .shutdownGrace(s.grace())
            .queueLagWarning(s.lag())
            .slowCallWarning(s.slow())
            .build()) {
      assertThat(seam.name()).as(as).isEqualTo(s.name());
      assertThat(seam.stats().maxConcurrency()).as(as).isEqualTo(s.maxConcurrency());
      assertThat(seam.stats().maxQueued()).as(as).isEqualTo(s.maxQueued());
    }
  }

  private static Set<Thread> before = Set.of();

  @BeforeAll
  static void noteThreadsOfEarlierTests() {
    before = seamThreads();
  }

  @AfterAll
  static void noSeamThreadLeft() throws InterruptedException {
    // Seam threads exit just after close() returns: join each, all within one bounded wait.
    long deadline = System.nanoTime() + 5_000_000_000L;
    Set<Thread> started = seamThreads();
    started.removeAll(before);
    for (Thread t : started) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMillis > 0) {
        t.join(leftMillis);
      }
    }
    assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName))
        .as("seam threads left after the generated inputs")
        .isEmpty();
  }

  /** Named platform threads and, since the JVM does not list virtual ones, every seam's own. */
  private static Set<Thread> seamThreads() {
    Set<Thread> threads = new HashSet<>(LiveSeamThreads.snapshot());
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("seam-")) {
        threads.add(t);
      }
    }
    return threads;
  }

  private static void assertRejected(UnaryOperator<SeamBuilder> option, String message, String as) {
    // Built and closed if it is wrongly accepted, so the failure is this assertion, not a leak.
    Throwable thrown = catchThrowable(() -> option.apply(Seam.builder("props")).build().close());
    assertThat(thrown).as(as).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
