package dev.seam.sse.internal;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import dev.seam.sse.SseRefusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One stream on a transport that records what is written and on which thread, with the endpoint's
 * only writer thread available to hold, standing in for a server.
 */
public final class WriterProbe implements AutoCloseable {
  /** One transport operation: what, and the thread that did it. */
  public record Op(String what, String thread) {}

  private final Streams streams;
  private final Connection connection;
  private final List<Op> ops = new ArrayList<>();
  private final CountDownLatch writerHeld = new CountDownLatch(1);
  private final CountDownLatch releaseWriter = new CountDownLatch(1);

  public WriterProbe(Seam seam, SeamClock clock, Duration keepAlive) {
    SseConfig config =
        new SseConfig(
            "probe",
            seam,
            clock,
            keepAlive,
            16,
            SseOverflow.BLOCK,
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            10,
            10,
            null,
            SseRefusal.RETRY_STREAM,
            Duration.ofSeconds(1),
            t -> SseEvent.of("error", "failed"),
            3,
            null,
            Duration.ofSeconds(1),
            1,
            null,
            0);
    streams = new Streams(config);
    connection =
        streams.admit(new Recording(), new RequestSnapshot("/probe", null, Map.of()), false);
  }

  /** Occupies the endpoint's only writer thread until {@link #releaseWriter()}. */
  public void holdWriter() throws InterruptedException {
    streams
        .writers()
        .execute(
            () -> {
              writerHeld.countDown();
              try {
                releaseWriter.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    if (!writerHeld.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the writer thread did not start");
    }
  }

  public void releaseWriter() {
    releaseWriter.countDown();
  }

  /** Returns once every task queued for the writer thread before this call has run. */
  public void awaitWriter() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    streams.writers().execute(done::countDown); // one thread, first in first out
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the writer thread did not get to it");
    }
  }

  /** Queues the stream's opening, which hands off to a writer. */
  public void open() throws IOException {
    connection.open();
  }

  /** Sends an event as a producer does, on the calling thread. */
  public void send(String data) throws IOException {
    connection.send(SseEvent.of(data), SseOverflow.BLOCK);
  }

  /** Ends the stream at once, as a full buffer or a vanished client does. */
  public void gone(String reason) {
    connection.gone(reason);
  }

  public void startKeepAlive() {
    connection.startKeepAlive();
  }

  /** The operations so far. */
  public synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  /** How many writes of {@code text} were made. */
  public synchronized long writesOf(String text) {
    return ops.stream().filter(o -> o.what().equals("write " + text)).count();
  }

  private synchronized void record(String what) {
    ops.add(new Op(what, Thread.currentThread().getName()));
  }

  @Override
  public void close() throws InterruptedException {
    releaseWriter();
    streams.close();
  }

  /** Never blocks and is always ready, like a Servlet response whose client reads. */
  private final class Recording implements Transport {
    @Override
    public void commit() {
      record("commit");
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public boolean blocks() {
      return false;
    }

    @Override
    public void write(byte[] bytes) {
      record("write " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      record("flush");
    }

    @Override
    public void reject(int status, long retryAfterSeconds, String body) {
      record("reject " + status);
    }

    @Override
    public void answer(byte[] body) {
      record("answer " + new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      record("close");
    }

    @Override
    public void abort() {
      record("abort");
    }
  }
}
