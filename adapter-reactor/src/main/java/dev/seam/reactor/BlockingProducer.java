package dev.seam.reactor;

import dev.seam.CallContext;

/**
 * Ordinary blocking code that produces a stream of items, served as a {@code Flux} by {@link
 * SeamReactor#produce(dev.seam.Seam, dev.seam.CallOptions, int, BlockingProducer)}: a loop of
 * {@code emitter.emit(item)} on a seam worker, like an SSE producer.
 *
 * <pre>{@code
 * BlockingProducer<Progress> progress = emitter -> {
 *   for (int step = 1; step <= 100; step++) {
 *     job.step(step);                       // blocking work
 *     emitter.emit(new Progress(step));     // blocks while the subscriber has no demand
 *   }
 * };
 * }</pre>
 *
 * <p>Runs once per subscription, on a worker of the seam, in the subscriber's context. Returning
 * completes the {@code Flux} after the items already emitted; throwing fails it with the seam's
 * {@code SeamCallException}. When the subscriber cancels, the call is cancelled: its cancel hooks
 * ({@code emitter.call().onCancel(...)}) run, its thread is interrupted (if the seam or call
 * interrupts) and every later {@code emit} throws.
 *
 * @param <T> the item type
 * @since 0.1
 */
@FunctionalInterface
public interface BlockingProducer<T> {
  /**
   * Produces the items.
   *
   * @param emitter where items go; valid until this method returns
   * @throws Exception any failure; the subscriber receives it as the seam call's failure
   */
  void produce(Emitter<T> emitter) throws Exception;

  /**
   * Where a {@link BlockingProducer} hands its items to the subscriber, through a bounded buffer.
   *
   * <p>{@link #emit} may be called from any thread, but items from several threads arrive in no
   * particular order between them. The subscriber's {@code onNext} may run inside {@code emit}, on
   * the emitting thread.
   *
   * @param <T> the item type
   * @since 0.1
   */
  interface Emitter<T> {
    /**
     * Hands an item to the subscriber, waiting while the buffer is full: the subscriber has not
     * requested more and the buffer holds as many items as it may.
     *
     * @param item the item
     * @throws InterruptedException if the thread is interrupted while waiting (the call was
     *     cancelled, with the interrupt on)
     * @throws java.util.concurrent.CancellationException if the subscriber has cancelled
     * @throws NullPointerException if {@code item} is null
     */
    void emit(T item) throws InterruptedException;

    /**
     * The producer's seam call: its deadline, and {@link CallContext#onCancel} for hooks that stop
     * blocking work when the subscriber goes away.
     *
     * @return the call context
     */
    CallContext call();

    /**
     * Whether the subscriber has cancelled.
     *
     * @return true once cancelled
     */
    boolean isCancelled();
  }
}
