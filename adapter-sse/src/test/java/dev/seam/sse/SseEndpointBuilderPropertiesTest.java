package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import java.time.Duration;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Endpoint builder validation as properties: every invalid setting is rejected at {@code build()}
 * naming the setting and printing the value; every valid combination builds. (jqwik properties run
 * outside JUnit Jupiter, so SeamLeakCheck cannot wrap them: every endpoint is closed in place, and
 * the container checks that no seam or SSE thread is left.)
 */
class SseEndpointBuilderPropertiesTest {
  private static Seam seam;

  @BeforeContainer
  static void startSeam() {
    seam = Seam.builder("sse-props").maxConcurrency(8).build();
  }

  @AfterContainer
  static void closeSeamAndCheckThreads() throws InterruptedException {
    seam.close();
    long end = System.nanoTime() + 5_000_000_000L;
    while (seamThreads() > 0 && System.nanoTime() < end) {
      Thread.sleep(10); // threads exit just after close() returns; bounded wait
    }
    assertThat(seamThreads()).as("seam and SSE threads left after the properties").isZero();
  }

  private static long seamThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("seam-"))
        .count();
  }

  @Property(tries = 100)
  void nonPositiveDurationsAreRejectedNamingTheSettingAndValue(@ForAll("nonPositive") Duration d) {
    assertRejected(b -> b.keepAlive(d), "keepAlive <= 0: " + d);
    assertRejected(b -> b.writeDeadline(d), "writeDeadline <= 0: " + d);
    assertRejected(b -> b.streamTimeout(d), "streamTimeout <= 0: " + d);
    assertRejected(b -> b.retryAfter(d), "retryAfter <= 0: " + d);
  }

  @Property(tries = 100)
  void negativeShutdownGraceIsRejectedPrintingIt(@ForAll("negative") Duration d) {
    assertRejected(b -> b.shutdownGrace(d), "shutdownGrace < 0: " + d);
  }

  @Property(tries = 100)
  void countsBelowOneAreRejectedNamingTheSettingAndValue(
      @ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int n) {
    assertRejected(b -> b.bufferCapacity(n), "bufferCapacity < 1: " + n);
    assertRejected(b -> b.maxStreams(n), "maxStreams < 1: " + n);
    assertRejected(b -> b.maxStreamsPerKey(n, r -> ""), "maxStreamsPerKey < 1: " + n);
    assertRejected(b -> b.stopAfterFailures(n), "stopAfterFailures < 1: " + n);
  }

  @Property(tries = 50)
  void blankNamesAreRejectedPrintingThem(@ForAll("blank") String name) {
    assertRejected(b -> b.name(name), "name is empty: '" + name + "'");
  }

  @Property(tries = 40)
  void everyValidCombinationBuilds(
      @ForAll("positive") Duration keepAlive,
      @ForAll("positive") Duration writeDeadline,
      @ForAll("positive") Duration streamTimeout,
      @ForAll("positive") Duration retryAfter,
      @ForAll("positive") Duration grace,
      @ForAll @IntRange(min = 1, max = 100_000) int buffer,
      @ForAll @IntRange(min = 1, max = 8) int maxStreams,
      @ForAll @IntRange(min = 1, max = 1_000) int failures) {
    try (SseEndpoint endpoint =
        SseEndpoint.builder(seam)
            .keepAlive(keepAlive)
            .writeDeadline(writeDeadline)
            .streamTimeout(streamTimeout)
            .retryAfter(retryAfter)
            .shutdownGrace(grace)
            .bufferCapacity(buffer)
            .maxStreams(maxStreams)
            .stopAfterFailures(failures)
            .build()) {
      assertThat(endpoint.openStreams()).isZero();
      assertThat(endpoint.isClosed()).isFalse();
    }
  }

  private static void assertRejected(UnaryOperator<SseEndpointBuilder> setting, String message) {
    assertThatThrownBy(() -> setting.apply(SseEndpoint.builder(seam)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Provide
  Arbitrary<Duration> nonPositive() {
    return Arbitraries.oneOf(negative(), Arbitraries.just(Duration.ZERO));
  }

  @Provide
  Arbitrary<Duration> negative() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Long.MIN_VALUE, -1).map(Duration::ofNanos),
        Arbitraries.longs().between(-1_000_000, -1).map(Duration::ofMillis));
  }

  @Provide
  Arbitrary<Duration> positive() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofNanos),
        Arbitraries.longs().between(1, 1_000_000).map(Duration::ofMillis));
  }

  @Provide
  Arbitrary<String> blank() {
    return Arbitraries.strings().withChars(" \t\n\r\u000B\f").ofMaxLength(6);
  }
}
