package dev.seam.reactor.internal;

import dev.seam.CallContext;
import dev.seam.reactor.BlockingProducer;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One subscriber's side of one producer call: the producer's {@link #emit} takes a permit of a
 * bounded buffer (blocking when none is left), queues the item and drains; the drain delivers items
 * as the subscriber requests them, on whichever thread drains (the emitting worker, or the thread
 * calling {@code request}), and gives a permit back per delivered item. The call's future ends the
 * stream after the buffered items.
 *
 * <p>{@code cancel()} marks the subscription cancelled, cancels the call's future, which a seam
 * turns into its cancel hooks and an interrupt, and only then frees every waiting emitter (which
 * throws {@link CancellationException}). The future and the cancel flag are both volatile and each
 * side writes its own before reading the other's, so a cancel racing {@link #attach} reaches the
 * future.
 *
 * @param <T> the item type
 */
final class ProducerSubscription<T> implements Subscription, BlockingProducer.Emitter<T> {
  /** Released on cancel so that no emitter waits; far from overflowing the permit count. */
  private static final int RELEASE_ALL = Integer.MAX_VALUE / 2;

  private final CoreSubscriber<? super T> actual;
  private final AssemblySite site;
  private final Semaphore room;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean cancelled;

  /** Set only after the call's future is cancelled; see {@link #stopEmitters}. */
  private final AtomicBoolean stopped = new AtomicBoolean();

  private volatile boolean done;
  private volatile Throwable failure;
  private volatile CompletableFuture<Void> future;
  private volatile CallContext call;

  ProducerSubscription(CoreSubscriber<? super T> actual, int buffer, AssemblySite site) {
    this.actual = actual;
    this.site = site;
    this.room = new Semaphore(buffer);
  }

  /** Runs on the seam worker: the producer's whole life. */
  Void run(BlockingProducer<T> producer, CallContext context) throws Exception {
    call = context;
    producer.produce(this);
    return null;
  }

  void attach(CompletableFuture<Void> call) {
    future = call;
    if (cancelled) {
      call.cancel(true);
      stopEmitters();
      return;
    }
    var unused = call.whenComplete(this::ended);
  }

  private void ended(Void ignored, Throwable t) {
    if (t != null) {
      failure = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
    done = true;
    drain();
  }

  @Override
  public void emit(T item) throws InterruptedException {
    Objects.requireNonNull(item, "item");
    checkNotCancelled();
    room.acquire(); // the back-pressure: no permit while the buffer is full
    checkNotCancelled();
    queue.offer(item);
    drain();
  }

  private void checkNotCancelled() {
    if (stopped.get()) {
      throw new CancellationException("the subscriber cancelled the stream");
    }
  }

  @Override
  public CallContext call() {
    CallContext context = call;
    if (context == null) {
      throw new IllegalStateException("the producer is not running");
    }
    return context;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void request(long n) {
    if (Operators.validate(n)) {
      var unused = requested.getAndUpdate(r -> Operators.addCap(r, n));
      drain();
    }
  }

  @Override
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    CompletableFuture<Void> call = future;
    if (call != null) {
      call.cancel(true);
      stopEmitters();
    } // else attach() sees the flag, cancels the future and stops the emitters
    if (wip.getAndIncrement() == 0) {
      queue.clear();
    }
  }

  /**
   * Makes every emit, waiting or to come, throw. Only once the future is cancelled: a producer
   * stopped by an emit that throws before that would end its call with a failure, and the future's
   * cancel (its hooks, the interrupt) would then come too late to do anything.
   */
  private void stopEmitters() {
    if (stopped.compareAndSet(false, true)) { // once: two releases could overflow the permits
      room.release(RELEASE_ALL);
    }
  }

  /** Delivers what is queued and requested; one thread at a time, the others leave it work. */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    while (true) {
      long wanted = requested.get();
      long sent = 0;
      while (sent != wanted) {
        if (cancelled) {
          queue.clear();
          return;
        }
        boolean ended = done;
        T item = queue.poll();
        if (item == null) {
          if (ended) {
            terminate();
            return;
          }
          break;
        }
        actual.onNext(item);
        room.release();
        sent++;
      }
      if (cancelled) {
        queue.clear();
        return;
      }
      if (done && queue.isEmpty()) {
        terminate();
        return;
      }
      if (sent != 0 && wanted != Long.MAX_VALUE) {
        requested.addAndGet(-sent);
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  private void terminate() {
    Throwable t = failure;
    if (t == null) {
      actual.onComplete();
    } else {
      actual.onError(site.attachTo(t));
    }
  }
}
