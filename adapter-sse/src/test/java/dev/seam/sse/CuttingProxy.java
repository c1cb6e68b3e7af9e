package dev.seam.sse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a test server that can cut every connection and hold the ones
 * that come next until released: a network outage as a browser sees it, during which the server
 * goes on sending.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService pumps = Executors.newCachedThreadPool();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  CuttingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pumps.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes every open connection; new ones wait for {@link #release()}. */
  void cut() {
    gate = new CountDownLatch(1);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  void release() {
    gate.countDown();
  }

  /** Connections waiting for {@link #release()}. */
  int held() {
    return held.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        pumps.execute(() -> connect(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void connect(Socket client) {
    CountDownLatch g = gate;
    held.incrementAndGet();
    try {
      if (!g.await(60, TimeUnit.SECONDS)) {
        closeQuietly(client);
        return;
      }
    } catch (InterruptedException e) {
      closeQuietly(client);
      return;
    } finally {
      held.decrementAndGet();
    }
    try {
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      sockets.add(upstream);
      pumps.execute(() -> pump(client, upstream));
      pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close the other below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    release();
    server.close();
    sockets.forEach(CuttingProxy::closeQuietly);
    pumps.shutdownNow();
    pumps.awaitTermination(5, TimeUnit.SECONDS);
  }
}
