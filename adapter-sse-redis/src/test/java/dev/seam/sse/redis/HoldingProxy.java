package dev.seam.sse.redis;

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

/**
 * A TCP proxy on loopback in front of the test's Redis that can hold Redis's answers back while the
 * commands go through: a request that reached the server whose answer is late, as on a slow or cut
 * network.
 */
final class HoldingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService pumps = Executors.newCachedThreadPool();
  private volatile CountDownLatch answers = new CountDownLatch(0);

  HoldingProxy() throws IOException {
    this.upstreamPort = RedisServer.URL.getPort();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pumps.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Answers read from Redis from now on wait until {@link #releaseAnswers()}. */
  void holdAnswers() {
    answers = new CountDownLatch(1);
  }

  void releaseAnswers() {
    answers.countDown();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        pumps.execute(() -> pump(client, upstream, false));
        pumps.execute(() -> pump(upstream, client, true));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean isAnswer) {
    byte[] buf = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (isAnswer && !answers.await(30, TimeUnit.SECONDS)) {
          return;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close the other below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    releaseAnswers();
    server.close();
    sockets.forEach(HoldingProxy::closeQuietly);
    pumps.shutdownNow();
    pumps.awaitTermination(5, TimeUnit.SECONDS);
  }
}
