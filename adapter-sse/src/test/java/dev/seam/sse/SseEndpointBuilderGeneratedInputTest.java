package dev.seam.sse;

import static dev.seam.sse.GeneratedInputs.NEGATIVE_EDGES;
import static dev.seam.sse.GeneratedInputs.POSITIVE_EDGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Endpoint builder validation against generated inputs: every invalid setting is rejected at {@code
 * build()} naming the setting and printing the value; every valid combination builds. Each test
 * runs the edge values, then values from a seed that its failures name ({@code
 * -Dseam.generated.seed=<seed>} replays them).
 */
@ExtendWith(SeamLeakCheck.class)
class SseEndpointBuilderGeneratedInputTest {
  private static final List<Integer> NON_POSITIVE_INT_EDGES =
      List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2, -1, 0);

  private Seam seam;

  @BeforeEach
  void startSeam() {
    seam = Seam.builder("sse-generated").maxConcurrency(8).build();
  }

  @AfterEach
  void closeSeam() {
    seam.close();
  }

  @Test
  void nonPositiveDurationsAreRejectedNamingTheSettingAndValue() throws Exception {
    List<Duration> edges = new ArrayList<>(NEGATIVE_EDGES);
    edges.add(Duration.ZERO);
    new GeneratedInputs()
        .forEach(
            100,
            edges,
            r -> r.nextInt(10) == 0 ? Duration.ZERO : GeneratedInputs.negativeDuration(r),
            (d, as) -> {
              assertRejected(b -> b.keepAlive(d), "keepAlive <= 0: " + d, as);
              assertRejected(b -> b.writeDeadline(d), "writeDeadline <= 0: " + d, as);
              assertRejected(b -> b.streamTimeout(d), "streamTimeout <= 0: " + d, as);
              assertRejected(b -> b.retryAfter(d), "retryAfter <= 0: " + d, as);
            });
  }

  @Test
  void negativeShutdownGraceIsRejectedPrintingIt() throws Exception {
    new GeneratedInputs()
        .forEach(
            100,
            NEGATIVE_EDGES,
            GeneratedInputs::negativeDuration,
            (d, as) -> assertRejected(b -> b.shutdownGrace(d), "shutdownGrace < 0: " + d, as));
  }

  @Test
  void countsBelowOneAreRejectedNamingTheSettingAndValue() throws Exception {
    new GeneratedInputs()
        .forEach(
            100,
            NON_POSITIVE_INT_EDGES,
            r -> GeneratedInputs.intDownFrom(r, 0, Integer.MIN_VALUE),
            (n, as) -> {
              assertRejected(b -> b.bufferCapacity(n), "bufferCapacity < 1: " + n, as);
              assertRejected(b -> b.maxStreams(n), "maxStreams < 1: " + n, as);
              assertRejected(b -> b.maxStreamsPerKey(n, r -> ""), "maxStreamsPerKey < 1: " + n, as);
              assertRejected(b -> b.stopAfterFailures(n), "stopAfterFailures < 1: " + n, as);
            });
  }

  @Test
  void blankNamesAreRejectedPrintingThem() throws Exception {
    String blanks = " \t\n\r\u000B\f";
    List<String> edges = new ArrayList<>(List.of("", blanks));
    for (int i = 0; i < blanks.length(); i++) {
      edges.add(blanks.substring(i, i + 1));
    }
    new GeneratedInputs()
        .forEach(
            50,
            edges,
            r -> GeneratedInputs.stringOf(r, blanks, 6),
            (name, as) -> assertRejected(b -> b.name(name), "name is empty: '" + name + "'", as));
  }

  /** One valid value of every setting. */
  record Settings(
      Duration keepAlive,
      Duration writeDeadline,
      Duration streamTimeout,
      Duration retryAfter,
      Duration grace,
      int buffer,
      int maxStreams,
      int failures) {
    static Settings draw(SplittableRandom r) {
      return new Settings(
          GeneratedInputs.positiveDuration(r),
          GeneratedInputs.positiveDuration(r),
          GeneratedInputs.positiveDuration(r),
          GeneratedInputs.positiveDuration(r),
          GeneratedInputs.positiveDuration(r),
          GeneratedInputs.intBetween(r, 1, 100_000),
          GeneratedInputs.intBetween(r, 1, 8),
          GeneratedInputs.intBetween(r, 1, 1_000));
    }
  }

  @Test
  void everyValidCombinationBuilds() throws Exception {
    Duration least = POSITIVE_EDGES.get(0);
    Duration most = POSITIVE_EDGES.get(1);
    List<Settings> edges =
        List.of(
            new Settings(least, least, least, least, least, 1, 1, 1),
            new Settings(most, most, most, most, most, 100_000, 8, 1_000),
            new Settings(POSITIVE_EDGES.get(2), most, least, POSITIVE_EDGES.get(3), most, 1, 8, 1));
    new GeneratedInputs().forEach(40, edges, Settings::draw, this::builds);
  }

  private void builds(Settings s, String as) {
    try (SseEndpoint endpoint =
        SseEndpoint.builder(seam)
            .keepAlive(s.keepAlive())
            .writeDeadline(s.writeDeadline())
            .streamTimeout(s.streamTimeout())
            .retryAfter(s.retryAfter())
            .shutdownGrace(s.grace())
            .bufferCapacity(s.buffer())
            .maxStreams(s.maxStreams())
            .stopAfterFailures(s.failures())
            .build()) {
      assertThat(endpoint.openStreams()).as(as).isZero();
      assertThat(endpoint.isClosed()).as(as).isFalse();
    }
  }

  private void assertRejected(
      UnaryOperator<SseEndpointBuilder> setting, String message, String as) {
    // Closed if it is wrongly built, so the failure is this assertion, not a leak.
    Throwable thrown =
        catchThrowable(() -> setting.apply(SseEndpoint.builder(seam)).build().close());
    assertThat(thrown).as(as).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
