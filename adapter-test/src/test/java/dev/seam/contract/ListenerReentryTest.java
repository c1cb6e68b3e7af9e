package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A listener that re-enters its seam ({@code close}, {@code call}) never waits on its own call. */
@ExtendWith(SeamLeakCheck.class)
class ListenerReentryTest {

  @Test
  void closeFromAQueuedListenerDoesNotWaitOutTheGraceForTheCallBeingSubmitted() throws Exception {
    AtomicReference<Seam> self = new AtomicReference<>();
    try (Seam seam =
        Seam.builder("close-from-queued")
            .shutdownGrace(Duration.ofSeconds(30))
            .listener(
                new SeamListener() {
                  @Override
                  public void queued(SeamEvent e) {
                    self.get().close(); // on the submitting thread, inside call()
                  }
                })
            .build()) {
      self.set(seam);

      AtomicReference<CompletableFuture<String>> submitted = new AtomicReference<>();
      Thread submitter = new Thread(() -> submitted.set(seam.call(() -> "ran")), "submitter");
      submitter.start();

      // Before, call() sat in close() for the whole grace: its own call was never dispatched.
      submitter.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(submitter.isAlive()).as("call() still in close()").isFalse();
      assertThat(submitted.get()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ran");
      Await.until(seam::isClosed, "closed");
    }
  }

  @Test
  void aCallSubmittedFromAListenerOnTheWorkerRunsOnceThatWorkerIsFree() throws Exception {
    AtomicReference<Seam> self = new AtomicReference<>();
    AtomicReference<CompletableFuture<String>> inner = new AtomicReference<>();
    try (Seam seam =
        Seam.builder("call-from-listener")
            .maxConcurrency(1)
            .shutdownGrace(Duration.ofSeconds(30))
            .listener(
                new SeamListener() {
                  @Override
                  public void started(SeamEvent e) {
                    if ("outer".equals(e.description())) {
                      inner.set(self.get().call(() -> "inner")); // queued behind its own caller
                    }
                  }
                })
            .build()) {
      self.set(seam);
      CompletableFuture<String> outer =
          seam.call(dev.seam.CallOptions.defaults().withDescription("outer"), call -> "outer");

      assertThat(outer).succeedsWithin(Duration.ofSeconds(10));
      Await.until(() -> inner.get() != null, "the listener submitted");
      assertThat(inner.get()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("inner");
    }
  }
}
