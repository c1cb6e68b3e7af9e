package dev.seam.spring.boot.internal;

import dev.seam.internal.SeamThreadFactory;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when the client of a request that waits asynchronously has closed its connection, so the
 * work done for it can be cancelled at once instead of at the async timeout.
 *
 * <p>Neither Tomcat nor Jetty reads an HTTP/1.x connection while its request waits in Servlet async
 * mode (the request is complete, the response not yet written), so neither sees the client's FIN
 * until it writes. This watcher registers the connection's {@link SocketChannel} with a selector of
 * its own, for reading, and never reads it: when the channel becomes readable, {@code available()}
 * tells the two cases apart without taking a byte. Nothing queued means end of stream (or a reset):
 * the client has gone, and {@code onGone} runs. Bytes queued mean the client sent more (a pipelined
 * request, or a TLS alert): the watch ends quietly and the bytes stay for the server.
 *
 * <p>The server's own selector is not touched; a channel may be registered with several selectors.
 * This relies on the server not reading the connection while the watch is on, which holds for a
 * Servlet async wait on HTTP/1.x; {@link ServerSockets} gives no channel for anything else (HTTP/2
 * streams share their connection).
 *
 * <p>Thread-safe. One daemon thread, started at the first watch, registers each watch, waits on the
 * selector and runs every {@code onGone}; an {@code onGone} that throws is logged and the thread
 * goes on. {@link Watch#close()} may be called from any thread, any number of times, and waits for
 * nothing: a watch closed before its client leaves never fires, but an {@code onGone} the thread
 * has begun may run on after close returns. {@link #close()} stops the thread, also without
 * waiting; watches still open then no longer fire, save those whose client the thread had already
 * seen leave.
 */
public final class ClientDisconnects implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientDisconnects.class);
  // Seam's one way to make its threads: daemon, named, and known to the test kit's leak check.
  private static final ThreadFactory THREADS =
      SeamThreadFactory.SYSTEM.named("seam-disconnects-", true);

  private final Object lock = new Object();
  private final Queue<Watch> pending = new ConcurrentLinkedQueue<>();
  private Selector selector; // guarded by lock: null until the first watch
  private boolean closed; // guarded by lock

  /**
   * Watches a connection until the returned watch is closed. The watcher's thread registers the
   * channel: a kept-alive connection is watched again for its next request while the selector may
   * still hold the last watch's cancelled key, which only that thread can clear.
   *
   * @param channel the connection of a request that waits asynchronously; must be non-blocking
   * @param onGone runs once, on this watcher's thread, if the client closes the connection first;
   *     runs at once, on the calling thread, if the channel is already closed
   * @return the watch; close it when the request no longer waits
   */
  public Watch watch(SocketChannel channel, Runnable onGone) {
    if (channel.isBlocking()) {
      log.debug("Not watching {} for its client leaving: a blocking channel", channel);
      return Watch.NONE;
    }
    Watch watch = new Watch(channel, onGone);
    if (!channel.isOpen()) {
      watch.gone(); // the server closed it already, which it does only when the client went away
      return watch;
    }
    Selector s;
    try {
      s = selector();
    } catch (IOException e) {
      // Out of file descriptors, say: the request goes on unwatched, to end at its timeout.
      log.warn("Cannot watch for clients leaving; not watching {}", channel, e);
      return Watch.NONE;
    }
    if (s == null) {
      return Watch.NONE; // closed: the application is stopping
    }
    pending.add(watch);
    s.wakeup();
    return watch;
  }

  /**
   * Stops the watcher's thread, without waiting for it; open watches no longer fire, save those
   * whose client the thread had already seen leave. Idempotent.
   */
  @Override
  public void close() {
    Selector s;
    synchronized (lock) {
      closed = true;
      s = selector;
    }
    if (s != null) {
      s.wakeup();
    }
  }

  private Selector selector() throws IOException {
    synchronized (lock) {
      if (closed) {
        return null;
      }
      if (selector == null) {
        // A failure leaves it null, to be tried again at the next watch.
        Selector s = Selector.open();
        Thread t = THREADS.newThread(() -> run(s));
        try {
          t.start();
        } catch (OutOfMemoryError | RuntimeException e) {
          SeamThreadFactory.notStarted(t);
          s.close(); // no thread would ever wake a key registered with it
          throw new IOException("Cannot start the thread that watches for clients leaving", e);
        }
        selector = s;
      }
      return selector;
    }
  }

  private void run(Selector s) {
    try (s) {
      while (!isClosed()) {
        s.select();
        register(s);
        Iterator<SelectionKey> ready = s.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          ((Watch) key.attachment()).readable(key);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error(
          "The watcher of clients leaving stopped; requests are cancelled at their timeout", e);
    }
  }

  // On the watcher's thread, just after select() cleared the keys cancelled before it.
  private void register(Selector s) {
    List<Watch> again = null;
    for (Watch w = pending.poll(); w != null; w = pending.poll()) {
      if (!w.isWatching()) {
        continue; // closed before it was registered
      }
      try {
        w.key = w.channel.register(s, SelectionKey.OP_READ, w);
        if (!w.isWatching()) {
          w.key.cancel(); // closed while registering; its close may have seen no key yet
        }
      } catch (ClosedChannelException e) {
        w.gone(); // closed by the server since the watch began: the client went away
      } catch (CancelledKeyException e) {
        // The last watch of this connection closed after select() returned: its key goes at the
        // next select(), which the wake-up below makes immediate.
        if (again == null) {
          again = new ArrayList<>();
        }
        again.add(w);
      } catch (RuntimeException e) {
        log.debug("Not watching {} for its client leaving", w.channel, e);
        w.close();
      }
    }
    if (again != null) {
      pending.addAll(again);
      s.wakeup();
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * One request's watch. Closing it ends the watch: closed before its client leaves, it never
   * fires. Close does not wait for an {@code onGone} the watcher has already begun, which may still
   * be starting or running when close returns.
   */
  public static final class Watch implements AutoCloseable {
    /** A watch of nothing, for a request whose connection cannot be watched. */
    public static final Watch NONE = new Watch(null, null);

    private static final int WATCHING = 0;
    private static final int ENDED = 1;

    private final SocketChannel channel;
    private final Runnable onGone;
    private final AtomicInteger state = new AtomicInteger(WATCHING);
    private volatile SelectionKey key; // set on the watcher's thread once registered

    private Watch(SocketChannel channel, Runnable onGone) {
      this.channel = channel;
      this.onGone = onGone;
      if (onGone == null) {
        state.set(ENDED);
      }
    }

    /**
     * Whether this watch is still on: not closed, and the client not seen leaving.
     *
     * @return true while watching
     */
    public boolean isWatching() {
      return state.get() == WATCHING;
    }

    @Override
    public void close() {
      if (state.compareAndSet(WATCHING, ENDED)) {
        deregister();
      }
    }

    // On the watcher's thread: the connection has something to read, or has ended.
    private void readable(SelectionKey k) {
      int queued;
      try {
        queued = ((SocketChannel) k.channel()).socket().getInputStream().available();
      } catch (IOException e) {
        queued = 0; // reset or closed: gone as well
      }
      if (queued > 0) {
        // More bytes from the client: not a close, and not ours to read. Stop watching.
        if (state.compareAndSet(WATCHING, ENDED)) {
          log.debug("{} bytes arrived on {} while its request waits; not watching", queued, k);
        }
        k.cancel();
        return;
      }
      gone();
    }

    private void gone() {
      if (!state.compareAndSet(WATCHING, ENDED)) {
        return;
      }
      deregister();
      try {
        onGone.run();
      } catch (RuntimeException | Error e) {
        log.warn("Cancelling the work of a request whose client left failed", e);
      }
    }

    private void deregister() {
      SelectionKey k = key;
      if (k != null) {
        k.cancel();
        // Deregisters now, so the server's close of the socket is not held back by this key.
        k.selector().wakeup();
      }
    }
  }
}
