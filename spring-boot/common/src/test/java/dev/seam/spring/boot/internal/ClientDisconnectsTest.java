package dev.seam.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientDisconnects} on real loopback connections: the server side is a non-blocking
 * accepted {@link SocketChannel}, as Tomcat's NIO connector and Jetty hold it, the client a plain
 * {@link Socket}.
 *
 * <p>Where a test shows that a watch did not fire, it first waits for {@link
 * #awaitWatcherCaughtUp()}: the single watcher thread has then handled every readiness that came
 * before, so a firing that was going to happen would have happened.
 */
class ClientDisconnectsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String WATCHER_THREAD = "seam-disconnects-";

  private final ClientDisconnects disconnects = new ClientDisconnects();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private ServerSocketChannel listener;

  @BeforeEach
  void listen() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
  }

  @AfterEach
  void closeEverything() throws IOException {
    disconnects.close();
    for (Connection c : connections) {
      c.close();
    }
    listener.close();
  }

  @Test
  void clientClosingRunsOnGoneOnceOnTheWatcherThread() throws Exception {
    Connection c = connect();
    Gone gone = new Gone();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);
    assertThat(watch.isWatching()).isTrue();

    c.client().close();

    assertThat(gone.thread)
        .succeedsWithin(WAIT)
        .satisfies(t -> assertThat(t.getName()).startsWith(WATCHER_THREAD));
    assertThat(watch.isWatching()).isFalse();
    awaitWatcherCaughtUp();
    assertThat(gone.runs).hasValue(1);
  }

  @Test
  void clientResettingTheConnectionRunsOnGone() throws Exception {
    Connection c = connect();
    Gone gone = new Gone();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);

    c.client().setSoLinger(true, 0);
    c.client().close(); // RST, not FIN

    assertThat(gone.thread).succeedsWithin(WAIT);
    assertThat(watch.isWatching()).isFalse();
  }

  @Test
  void bytesFromTheClientEndTheWatchWithoutOnGoneAndStayForTheServer() throws Exception {
    Connection c = connect();
    Gone gone = new Gone();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);
    byte[] pipelined =
        "GET /next HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    c.client().getOutputStream().write(pipelined);
    c.client().getOutputStream().flush();
    awaitWatcherCaughtUp();

    assertThat(gone.runs).hasValue(0);
    assertThat(watch.isWatching()).isFalse();
    assertThat(readOnServer(c, pipelined.length)).isEqualTo(pipelined);
    // The watch has ended: the client leaving now is the server's business, not the watch's.
    c.client().close();
    awaitWatcherCaughtUp();
    assertThat(gone.runs).hasValue(0);
  }

  @Test
  void aKeptAliveConnectionIsWatchedAgainRightAfterItsLastWatchClosed() throws Exception {
    // Each request on a kept-alive connection gets a watch of the same channel, the next one as
    // soon as the last one closed: while the watcher's selector may still hold the closed watch's
    // cancelled key. Every one of them must watch, and the last must see the client leave.
    Connection c = connect();
    for (int i = 0; i < 50; i++) {
      ClientDisconnects.Watch watch = disconnects.watch(c.server(), new Gone());
      assertThat(watch.isWatching()).as("watch %d of the same connection", i).isTrue();
      watch.close();
    }
    Gone gone = new Gone();
    ClientDisconnects.Watch last = disconnects.watch(c.server(), gone);

    c.client().close();

    assertThat(gone.thread).succeedsWithin(WAIT);
    assertThat(last.isWatching()).isFalse();
  }

  @Test
  void closingTheWatchBeforeTheClientLeavesMeansOnGoneNeverRuns() throws Exception {
    Connection c = connect();
    Gone gone = new Gone();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);

    Thread closer = new Thread(watch::close, "closer");
    closer.start();
    closer.join(WAIT.toMillis());
    assertThat(closer.isAlive()).isFalse();
    assertThatCode(watch::close).doesNotThrowAnyException();
    assertThat(watch.isWatching()).isFalse();
    c.client().close();
    awaitWatcherCaughtUp();

    assertThat(gone.runs).hasValue(0);
  }

  @Test
  void serverClosingAfterTheWatchClosedEndsTheConnection() throws Exception {
    Connection c = connect();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), new Gone());
    awaitWatcherWaitingInSelect(awaitWatcherCaughtUp());

    watch.close();
    c.server().close();

    c.client().setSoTimeout(5_000); // a safety net, not synchronisation
    assertThat(c.client().getInputStream().read()).isEqualTo(-1);
  }

  /**
   * The JDK closes the socket of a channel registered with a selector only once that selector has
   * let the key go, which it does when it next wakes; so closing a watch wakes the watcher. With
   * the default linger, the JDK half-closes such a socket at once, and the client reads its end
   * either way (above); with a linger of zero it sends nothing until the socket is really closed,
   * so a client with nothing more to send would wait for the next readiness of any watched
   * connection.
   */
  @Test
  void serverAbortingAfterTheWatchClosedResetsTheConnectionAtOnce() throws Exception {
    Connection c = connect();
    ClientDisconnects.Watch watch = disconnects.watch(c.server(), new Gone());
    awaitWatcherWaitingInSelect(awaitWatcherCaughtUp());

    watch.close();
    c.server().setOption(StandardSocketOptions.SO_LINGER, 0);
    c.server().close();

    c.client().setSoTimeout(5_000); // a safety net, not synchronisation
    assertThatThrownBy(() -> c.client().getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
  }

  @Test
  void watchingAChannelTheServerClosedRunsOnGoneAtOnceOnTheCallingThread() throws Exception {
    Connection c = connect();
    c.server().close();
    Gone gone = new Gone();

    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);

    assertThat(gone.thread).isCompletedWithValue(Thread.currentThread());
    assertThat(gone.runs).hasValue(1);
    assertThat(watch.isWatching()).isFalse();
  }

  @Test
  void anOnGoneThatThrowsLeavesTheWatcherRunning() throws Exception {
    CompletableFuture<Thread> first = new CompletableFuture<>();
    Connection runtime = connect();
    disconnects.watch(
        runtime.server(),
        () -> {
          first.complete(Thread.currentThread());
          throw new IllegalStateException("an onGone that fails");
        });
    runtime.client().close();
    assertThat(first).succeedsWithin(WAIT);

    CompletableFuture<Void> second = new CompletableFuture<>();
    Connection error = connect();
    disconnects.watch(
        error.server(),
        () -> {
          second.complete(null);
          throw new AssertionError("an onGone that fails harder");
        });
    error.client().close();
    assertThat(second).succeedsWithin(WAIT);

    Connection later = connect();
    Gone gone = new Gone();
    disconnects.watch(later.server(), gone);
    later.client().close();
    assertThat(gone.thread).succeedsWithin(WAIT).isSameAs(first.join());
  }

  @Test
  void anOnGoneThatThrowsOnTheCallingThreadDoesNotReachTheCaller() throws Exception {
    Connection c = connect();
    c.server().close();
    AtomicInteger runs = new AtomicInteger();

    ClientDisconnects.Watch watch =
        disconnects.watch(
            c.server(),
            () -> {
              runs.incrementAndGet();
              throw new IllegalStateException("an onGone that fails");
            });

    assertThat(runs).hasValue(1);
    assertThat(watch.isWatching()).isFalse();
  }

  @Test
  void aBlockingChannelIsNotWatched() throws Exception {
    Connection c = connect();
    c.server().configureBlocking(true);
    Gone gone = new Gone();

    ClientDisconnects.Watch watch = disconnects.watch(c.server(), gone);

    assertThat(watch).isSameAs(ClientDisconnects.Watch.NONE);
  }

  @Test
  void closingTheWatcherEndsItsThreadAndLaterWatchesAreNone() throws Exception {
    Connection first = connect();
    Gone firstGone = new Gone();
    disconnects.watch(first.server(), firstGone);
    first.client().close();
    Thread watcher = firstGone.thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    Connection open = connect();
    Gone openGone = new Gone();
    ClientDisconnects.Watch openWatch = disconnects.watch(open.server(), openGone);

    disconnects.close();
    disconnects.close();
    watcher.join(WAIT.toMillis());

    assertThat(watcher.isAlive()).isFalse();
    // Only the watcher's thread runs onGone for a client that leaves: none does now.
    open.client().close();
    assertThat(openGone.runs).hasValue(0);
    assertThat(openWatch.isWatching()).isTrue(); // never fired, never closed
    Connection later = connect();
    Gone laterGone = new Gone();
    ClientDisconnects.Watch laterWatch = disconnects.watch(later.server(), laterGone);
    assertThat(laterWatch).isSameAs(ClientDisconnects.Watch.NONE);
    assertThat(laterWatch.isWatching()).isFalse();
    later.client().close();
    assertThat(laterGone.runs).hasValue(0);
    assertThat(watcherThreads()).doesNotContain(watcher);
  }

  @Test
  void noneWatchesNothingAndClosingItDoesNothing() {
    ClientDisconnects.Watch none = ClientDisconnects.Watch.NONE;

    assertThat(none.isWatching()).isFalse();
    none.close();
    none.close();
    assertThat(none.isWatching()).isFalse();
  }

  /**
   * Many watches registered, fired and closed at once from several threads. Each connection has a
   * role: its client leaves (the watch fires, once); its watch is closed and only then its client
   * leaves (any firing would be after close returned, so there must be none); or its watch is
   * closed while its client leaves, from two threads (it may fire, at most once). Every close races
   * the readiness of other connections on the same selector.
   *
   * <p>For the last role the test cannot tell a firing after close returned from a firing the
   * watcher had decided on before: close does not wait for an onGone the watcher has started, so
   * that onGone may well begin after close returns. The second role is the sound form of "never
   * fires after close returns".
   */
  @Test
  void manyWatchesAtOnceFireOnceForEachClientThatLeavesAndNeverAfterTheirClose() throws Exception {
    int count = 200;
    int threads = 4;
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<Watched> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(new Watched(connect(), Role.values()[random.nextInt(Role.values().length)], seed));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> watching = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Watched> share = all.subList(t * count / threads, (t + 1) * count / threads);
        watching.add(CompletableFuture.runAsync(() -> share.forEach(Watched::watch), pool));
      }
      assertThat(CompletableFuture.allOf(watching.toArray(new CompletableFuture<?>[0])))
          .succeedsWithin(WAIT);

      List<Runnable> actions = new ArrayList<>();
      for (Watched w : all) {
        actions.addAll(w.actions());
      }
      Collections.shuffle(actions, random);
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Void>> acting = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Runnable> share =
            actions.subList(t * actions.size() / threads, (t + 1) * actions.size() / threads);
        acting.add(
            CompletableFuture.runAsync(
                () -> {
                  awaitQuietly(start);
                  share.forEach(Runnable::run);
                },
                pool));
      }
      start.countDown();
      assertThat(CompletableFuture.allOf(acting.toArray(new CompletableFuture<?>[0])))
          .succeedsWithin(WAIT);
    } finally {
      pool.shutdownNow();
    }

    for (Watched w : all) {
      if (w.role == Role.CLIENT_LEAVES) {
        assertThat(w.gone.thread).succeedsWithin(WAIT);
      }
    }
    awaitWatcherCaughtUp();
    for (Watched w : all) {
      assertThat(w.watch.isWatching()).as("%s watching", w).isFalse();
      switch (w.role) {
        case CLIENT_LEAVES -> assertThat(w.gone.runs).as("%s runs", w).hasValue(1);
        case WATCH_CLOSED_THEN_CLIENT_LEAVES -> {
          assertThat(w.gone.runs).as("%s runs", w).hasValue(0);
          assertThat(w.firedAfterClose).as("%s fired after close", w).isFalse();
        }
        case BOTH_AT_ONCE -> assertThat(w.gone.runs.get()).as("%s runs", w).isLessThanOrEqualTo(1);
      }
      if (w.gone.thread.isDone()) {
        assertThat(w.gone.thread.join().getName()).startsWith(WATCHER_THREAD);
      }
    }
  }

  private enum Role {
    CLIENT_LEAVES,
    WATCH_CLOSED_THEN_CLIENT_LEAVES,
    BOTH_AT_ONCE
  }

  /** A connection of the stress test, its role, and what its watch did. */
  private final class Watched {
    final Connection connection;
    final Role role;
    final long seed;
    final Gone gone = new Gone();
    final AtomicBoolean closeReturned = new AtomicBoolean();
    final AtomicBoolean firedAfterClose = new AtomicBoolean();
    volatile ClientDisconnects.Watch watch;

    Watched(Connection connection, Role role, long seed) {
      this.connection = connection;
      this.role = role;
      this.seed = seed;
    }

    void watch() {
      watch =
          disconnects.watch(
              connection.server(),
              () -> {
                // Read first thing: close returned before this onGone began.
                if (closeReturned.get()) {
                  firedAfterClose.set(true);
                }
                gone.run();
              });
    }

    List<Runnable> actions() {
      return switch (role) {
        case CLIENT_LEAVES -> List.of(this::clientLeaves);
        case WATCH_CLOSED_THEN_CLIENT_LEAVES ->
            List.of(
                () -> {
                  closeWatch();
                  clientLeaves();
                });
        case BOTH_AT_ONCE -> List.of(this::closeWatch, this::clientLeaves);
      };
    }

    void closeWatch() {
      watch.close();
      closeReturned.set(true);
    }

    void clientLeaves() {
      try {
        connection.client().close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return role + " on port " + connection.client().getLocalPort() + " (seed " + seed + ")";
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Thread> watcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(WATCHER_THREAD))
        .toList();
  }

  private Connection connect() throws IOException {
    Socket client = new Socket();
    client.connect(listener.getLocalAddress());
    SocketChannel server = listener.accept();
    server.configureBlocking(false);
    Connection c = new Connection(client, server);
    connections.add(c);
    return c;
  }

  /**
   * Returns once the watcher has handled all readiness that came before the call. A client leaves
   * and its watch fires, twice: the first one's readiness may come in the same select as earlier
   * readiness, whose keys the watcher handles in no set order; the second client leaves only after
   * the first watch fired, so its select comes after all of it.
   */
  private Thread awaitWatcherCaughtUp() throws Exception {
    Thread watcher = null;
    for (int i = 0; i < 2; i++) {
      Connection c = connect();
      Gone gone = new Gone();
      disconnects.watch(c.server(), gone);
      c.client().close();
      watcher = gone.thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    return watcher;
  }

  /**
   * Returns once the watcher's thread waits in the selector's native poll: a key cancelled from now
   * on stays registered until something wakes the selector. Polls the thread's stack (there is
   * nothing to wait on), with a bound.
   */
  private static void awaitWatcherWaitingInSelect(Thread watcher) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!waitsInPoll(watcher)) {
      assertThat(System.nanoTime()).as("watcher waiting in select").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static boolean waitsInPoll(Thread watcher) {
    // EPoll.wait on Linux, KQueue.poll on macOS, WEPoll.wait on Windows.
    StackTraceElement[] stack = watcher.getStackTrace();
    return stack.length > 0
        && stack[0].isNativeMethod()
        && stack[0].getClassName().startsWith("sun.nio.ch.")
        && (stack[0].getMethodName().equals("wait") || stack[0].getMethodName().equals("poll"));
  }

  private static byte[] readOnServer(Connection c, int length) throws IOException {
    ByteBuffer read = ByteBuffer.allocate(length);
    try (Selector s = Selector.open()) {
      c.server().register(s, SelectionKey.OP_READ);
      while (read.hasRemaining()) {
        s.select(WAIT.toMillis());
        if (c.server().read(read) < 0) {
          break;
        }
      }
    }
    return read.array();
  }

  /** One connection: the client's socket and the server's accepted channel. */
  private record Connection(Socket client, SocketChannel server) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        client.close();
      }
    }
  }

  /** An onGone that counts its runs and remembers the thread of the first. */
  private static final class Gone implements Runnable {
    final AtomicInteger runs = new AtomicInteger();
    final CompletableFuture<Thread> thread = new CompletableFuture<>();

    @Override
    public void run() {
      runs.incrementAndGet();
      thread.complete(Thread.currentThread());
    }
  }
}
