package dev.seam.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy for fault tests: it forwards to one target, and on command stalls (stops
 * forwarding both ways but keeps every socket open, as a silent network does), drips (forwards a
 * few bytes per interval), resets (RST to both sides, through {@code SO_LINGER 0}), closes (FIN to
 * both sides), or refuses new connections (accepts and resets them at once, as a server that is
 * down does).
 *
 * <p>Self-contained on purpose (JDK only), so HTTP fault tests can use the same file. Each
 * connection has two pump threads named {@code fault-proxy-<n>-up/down}; {@link #close()} ends them
 * all. Modes apply to open connections and to new ones. Thread-safe: tests change modes from any
 * thread while the pumps run.
 */
public final class FaultProxy implements AutoCloseable {
  private enum Mode {
    FORWARD,
    STALL,
    DRIP
  }

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Thread> pumps = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object lock = new Object();

  // Guarded by lock; pumps wait on it for a mode change.
  private Mode mode = Mode.FORWARD;
  private int dripBytes;
  private long dripNanos;
  private boolean refusing;
  private boolean closed;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /**
   * Starts a proxy on a free loopback port that forwards to {@code host:port}.
   *
   * @param host the target host
   * @param port the target port
   * @return the running proxy; close it
   * @throws IOException if no port can be bound
   */
  public static FaultProxy start(String host, int port) throws IOException {
    FaultProxy proxy = new FaultProxy(new InetSocketAddress(host, port));
    proxy.acceptor.start();
    return proxy;
  }

  /** The proxy's loopback port: point the client here. */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far, refused ones included. */
  public int accepted() {
    return accepted.get();
  }

  /** Connections open now (both sides). */
  public int open() {
    return links.size();
  }

  /** Forwards everything as it comes; ends a stall or drip and stops refusing. */
  public void forward() {
    setMode(Mode.FORWARD, 0, 0, false);
  }

  /**
   * Stops forwarding both ways; sockets stay open and bytes wait in the proxy and the kernel, as on
   * a network that went silent. New connections are accepted and stalled too.
   */
  public void stall() {
    setMode(Mode.STALL, 0, 0, false);
  }

  /**
   * Forwards at most {@code bytes} per {@code interval} in each direction of each connection.
   *
   * @param bytes bytes per step, at least 1
   * @param interval pause after each step
   */
  public void drip(int bytes, Duration interval) {
    if (bytes < 1 || interval.isNegative()) {
      throw new IllegalArgumentException("drip(" + bytes + ", " + interval + ")");
    }
    setMode(Mode.DRIP, bytes, interval.toNanos(), false);
  }

  /** Accepts new connections only to reset them at once, as a server that is down; keeps others. */
  public void refuse() {
    synchronized (lock) {
      refusing = true;
      lock.notifyAll();
    }
  }

  /** Resets every open connection on both sides (RST, through {@code SO_LINGER 0}). */
  public void resetAll() {
    for (Link l : List.copyOf(links)) {
      l.end(true);
    }
  }

  /** Closes every open connection on both sides (FIN). */
  public void closeAll() {
    for (Link l : List.copyOf(links)) {
      l.end(false);
    }
  }

  /** Stops accepting, closes every connection and waits for the proxy's threads to end. */
  @Override
  public void close() throws InterruptedException {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll();
    acceptor.join(5_000);
    for (Thread t : List.copyOf(pumps)) {
      t.join(5_000);
    }
  }

  private void setMode(Mode m, int bytes, long nanos, boolean refuse) {
    synchronized (lock) {
      mode = m;
      dripBytes = bytes;
      dripNanos = nanos;
      refusing = refuse;
      lock.notifyAll();
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      int n = accepted.incrementAndGet();
      boolean refuse;
      synchronized (lock) {
        refuse = refusing || closed;
      }
      if (refuse) {
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        Link link = new Link(n, client, upstream);
        links.add(link);
        pumps.add(link.up);
        pumps.add(link.down);
        link.up.start();
        link.down.start();
      } catch (IOException e) {
        reset(client); // the target is not there: the client sees what a refused connect gives
      }
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // closed already
    }
    try {
      s.close();
    } catch (IOException e) {
      // gone either way
    }
  }

  /**
   * Waits until bytes may be forwarded and returns how many at most; -1 once the proxy is closed.
   */
  private int awaitPermit() throws InterruptedException {
    synchronized (lock) {
      while (mode == Mode.STALL && !closed) {
        lock.wait();
      }
      if (closed) {
        return -1;
      }
      return mode == Mode.DRIP ? dripBytes : Integer.MAX_VALUE;
    }
  }

  /** The pause after a drip step; wakes early when the mode changes. */
  private void dripPause() throws InterruptedException {
    synchronized (lock) {
      long until = System.nanoTime() + dripNanos;
      long left;
      while (mode == Mode.DRIP && !closed && (left = until - System.nanoTime()) > 0) {
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** One proxied connection: the client's socket, the target's, and a pump each way. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    final Thread up;
    final Thread down;
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger halfClosed = new AtomicInteger();

    Link(int n, Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
      this.up = new Thread(() -> pump(client, upstream), "fault-proxy-" + n + "-up");
      this.down = new Thread(() -> pump(upstream, client), "fault-proxy-" + n + "-down");
      up.setDaemon(true);
      down.setDaemon(true);
    }

    private void pump(Socket from, Socket to) {
      byte[] buf = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int permit = awaitPermit(); // before reading too, so a stall leaves bytes unread
          if (permit < 0) {
            break;
          }
          int n = in.read(buf, 0, Math.min(buf.length, permit));
          if (n < 0) {
            to.shutdownOutput(); // pass the FIN on, keep the other direction
            if (halfClosed.incrementAndGet() == 2) {
              end(false);
            }
            return;
          }
          int off = 0;
          while (off < n) {
            permit = awaitPermit(); // a stall that began during the read holds what was read
            if (permit < 0) {
              return;
            }
            int len = Math.min(n - off, permit);
            out.write(buf, off, len);
            out.flush();
            off += len;
            if (permit != Integer.MAX_VALUE) {
              dripPause();
            }
          }
        }
      } catch (IOException e) {
        end(true); // one side reset or was closed under us: the other side sees a reset too
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        pumps.remove(Thread.currentThread());
      }
    }

    void end(boolean reset) {
      if (ended.getAndIncrement() > 0) {
        return;
      }
      if (reset) {
        FaultProxy.reset(client);
        FaultProxy.reset(upstream);
      } else {
        closeQuietly(client);
        closeQuietly(upstream);
      }
      links.remove(this);
    }

    private void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // gone either way
      }
    }
  }
}
