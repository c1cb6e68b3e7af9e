package dev.seam.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import java.time.Duration;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Builder validation as properties: every invalid value of every option is rejected at {@code
 * build()} with an {@link IllegalArgumentException} that prints the value, and every valid
 * combination builds a seam with exactly those settings. (adapter-core cannot use SeamLeakCheck,
 * which lives in the module built on this one; each seam is closed in place and the container
 * checks that no seam thread is left.)
 */
class SeamBuilderPropertiesTest {

  @Property(tries = 200)
  void maxConcurrencyBelowOneIsRejectedPrintingIt(
      @ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int n) {
    assertRejected(b -> b.maxConcurrency(n), "maxConcurrency < 1: " + n);
  }

  @Property(tries = 200)
  void negativeMaxQueuedIsRejectedPrintingIt(
      @ForAll @IntRange(min = Integer.MIN_VALUE, max = -1) int n) {
    assertRejected(b -> b.maxQueued(n), "maxQueued < 0: " + n);
  }

  @Property(tries = 200)
  void nonPositiveTimeoutIsRejectedPrintingIt(@ForAll("nonPositive") Duration d) {
    assertRejected(b -> b.timeout(d), "timeout <= 0: " + d);
  }

  @Property(tries = 200)
  void negativeDurationsAreRejectedNamingTheOptionAndValue(@ForAll("negative") Duration d) {
    assertRejected(b -> b.shutdownGrace(d), "shutdownGrace < 0: " + d);
    assertRejected(b -> b.queueLagWarning(d), "queueLagWarning < 0: " + d);
    assertRejected(b -> b.slowCallWarning(d), "slowCallWarning < 0: " + d);
  }

  @Property(tries = 100)
  void blankNamesAreRejectedPrintingThem(@ForAll("blank") String name) {
    assertThatThrownBy(() -> Seam.builder(name).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name is empty: '" + name + "'");
  }

  @Property(tries = 60)
  void everyValidCombinationBuildsWithThoseSettings(
      @ForAll("names") String name,
      @ForAll @IntRange(min = 1, max = 10_000) int maxConcurrency,
      @ForAll @IntRange(min = 0, max = 1_000_000) int maxQueued,
      @ForAll("positive") Duration timeout,
      @ForAll("nonNegative") Duration grace,
      @ForAll("nonNegative") Duration lag,
      @ForAll("nonNegative") Duration slow) {
    try (Seam seam =
        Seam.builder(name)
            .maxConcurrency(maxConcurrency)
            .maxQueued(maxQueued)
            .timeout(timeout)
            .shutdownGrace(grace)
            .queueLagWarning(lag)
            .slowCallWarning(slow)
            .build()) {
      assertThat(seam.name()).isEqualTo(name);
      assertThat(seam.stats().maxConcurrency()).isEqualTo(maxConcurrency);
      assertThat(seam.stats().maxQueued()).isEqualTo(maxQueued);
    }
  }

  @AfterContainer
  static void noSeamThreadLeft() throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (seamThreads() > 0 && System.nanoTime() < end) {
      Thread.sleep(10); // seam threads exit just after close() returns; bounded wait
    }
    assertThat(seamThreads()).as("seam threads left after the properties").isZero();
  }

  private static long seamThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("seam-"))
        .count();
  }

  private static void assertRejected(UnaryOperator<SeamBuilder> option, String message) {
    assertThatThrownBy(() -> option.apply(Seam.builder("props")).build())
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
        Arbitraries.longs().between(Long.MIN_VALUE, -1).map(Duration::ofSeconds),
        Arbitraries.longs().between(-1_000_000, -1).map(Duration::ofMillis));
  }

  @Provide
  Arbitrary<Duration> positive() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofNanos),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofSeconds),
        Arbitraries.longs().between(1, 1_000_000).map(Duration::ofMillis));
  }

  @Provide
  Arbitrary<Duration> nonNegative() {
    return Arbitraries.oneOf(positive(), Arbitraries.just(Duration.ZERO));
  }

  @Provide
  Arbitrary<String> blank() {
    return Arbitraries.strings().withChars(" \t\n\r\u000B\f\u2003").ofMaxLength(6);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank());
  }
}
