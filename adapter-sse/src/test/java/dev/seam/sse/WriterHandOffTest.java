package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.sse.internal.WriterProbe;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a stream's writes run: on the producer's thread, also when a writer task for the stream is
 * still queued, and keep-alives only on streams that did not just probe the client themselves.
 */
@ExtendWith(SeamLeakCheck.class)
class WriterHandOffTest {
  private static final String KEEP_ALIVE = ":\n";

  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("hand-off").maxConcurrency(2).build();
  private WriterProbe probe;

  @AfterEach
  void stop() throws Exception {
    if (probe != null) {
      probe.close();
    }
    seam.close();
  }

  @Test
  void anEventSentWhileTheStreamsWriterTaskWaitsInTheQueueIsWrittenByTheProducer()
      throws Exception {
    probe = new WriterProbe(seam, clock, Duration.ofSeconds(15));
    probe.holdWriter(); // the only writer is busy elsewhere
    probe.open(); // queues a writer task for this stream behind it
    probe.send("one");
    String producer = Thread.currentThread().getName();
    // Written before the writer comes free: the producer took the loop from the queued task.
    assertThat(probe.ops())
        .extracting(WriterProbe.Op::what)
        .containsExactly("commit", "write data: one\n\n", "flush");
    assertThat(probe.ops()).allMatch(op -> op.thread().equals(producer));
    probe.releaseWriter();
    probe.awaitWriter(); // the queued task has run: it found nothing left to do
    assertThat(probe.ops()).hasSize(3);
    probe.send("two");
    assertThat(probe.writesOf("data: two\n\n")).isEqualTo(1);
  }

  @Test
  void aStreamThatFlushedTwiceSinceTheLastTickGetsNoKeepAliveAndIsProbedOnceItFallsSilent()
      throws Exception {
    probe = new WriterProbe(seam, clock, Duration.ofSeconds(10)); // ticks every 5 s
    probe.startKeepAlive();
    clock.advance(Duration.ofMillis(4_900));
    probe.send("a");
    probe.send("b"); // two flushes just before the tick: a probe of their own
    clock.advance(Duration.ofMillis(100)); // tick at 5 s
    probe.awaitWriter();
    assertThat(probe.writesOf(KEEP_ALIVE)).isZero();
    // Silent from here (say the client vanished right after "b"): the tick at 10 s, within one
    // interval of the last flush, probes.
    clock.advance(Duration.ofSeconds(5));
    probe.awaitWriter();
    assertThat(probe.writesOf(KEEP_ALIVE)).isEqualTo(1);
    assertThat(probe.writesOf("\n")).isEqualTo(1); // the probe's second flushed write
    // An idle stream gets one comment per interval: the tick after a probe sees its two flushes.
    clock.advance(Duration.ofSeconds(5));
    probe.awaitWriter();
    assertThat(probe.writesOf(KEEP_ALIVE)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    probe.awaitWriter();
    assertThat(probe.writesOf(KEEP_ALIVE)).isEqualTo(2);
  }

  @Test
  void aStreamSendingEveryFewSecondsGetsNoKeepAlives() throws Exception {
    probe = new WriterProbe(seam, clock, Duration.ofSeconds(10));
    probe.startKeepAlive();
    for (int i = 0; i < 20; i++) {
      probe.send("tick " + i);
      clock.advance(Duration.ofMillis(2_500)); // four events per interval, two per tick
      probe.awaitWriter();
    }
    assertThat(probe.writesOf(KEEP_ALIVE)).isZero();
  }

  @Test
  void aStreamClosedBeforeItsHeadersWereCommittedIsAnsweredWithTheRetryRefusalNotABare200()
      throws Exception {
    probe = new WriterProbe(seam, clock, Duration.ofSeconds(15));
    probe.holdWriter();
    probe.open(); // started (something queued) but not committed: the writer is busy
    probe.gone("buffer full");
    probe.releaseWriter();
    probe.awaitWriter();
    assertThat(probe.ops()).extracting(WriterProbe.Op::what).hasSize(1);
    assertThat(probe.ops().get(0).what()).startsWith("answer ").contains("\nretry: ");
  }
}
