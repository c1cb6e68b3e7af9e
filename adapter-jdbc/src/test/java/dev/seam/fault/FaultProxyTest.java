package dev.seam.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fault proxy itself, in front of a loopback echo server: each mode does what it says. */
@ExtendWith(SeamLeakCheck.class)
class FaultProxyTest {
  private static final int READ_TIMEOUT_MS = 5_000;

  private ServerSocket echo;
  private Thread echoThread;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(this::echoLoop, "echo-server");
    echoThread.setDaemon(true);
    echoThread.start();
    proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
    echoThread.join(5_000);
    assertThat(echoThread.isAlive()).isFalse();
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    try (Socket s = connect()) {
      send(s, "hello");
      assertThat(receive(s, 5)).isEqualTo("hello");
      assertThat(proxy.open()).isEqualTo(1);
    }
  }

  @Test
  void stallHoldsTheBytesUntilForwardingResumes() throws IOException {
    try (Socket s = connect()) {
      send(s, "a");
      assertThat(receive(s, 1)).isEqualTo("a");
      proxy.stall();
      send(s, "b");
      s.setSoTimeout(300); // a bound on how long silence is checked, not a synchronisation
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.open()).as("the sockets stay open").isEqualTo(1);
      proxy.forward();
      s.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(receive(s, 1)).isEqualTo("b");
    }
  }

  @Test
  void dripForwardsAFewBytesPerInterval() throws IOException {
    proxy.drip(1, Duration.ofMillis(20));
    try (Socket s = connect()) {
      long start = System.nanoTime();
      send(s, "0123456789");
      assertThat(receive(s, 10)).isEqualTo("0123456789");
      long ms = (System.nanoTime() - start) / 1_000_000;
      // Ten single bytes, 20 ms apart, at least one way: 180 ms at the very least.
      assertThat(ms).isGreaterThanOrEqualTo(180);
    }
  }

  @Test
  void resetAllGivesTheClientAConnectionReset() throws IOException {
    try (Socket s = connect()) {
      send(s, "a");
      assertThat(receive(s, 1)).isEqualTo("a");
      proxy.resetAll();
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
      assertThat(proxy.open()).isZero();
    }
  }

  @Test
  void closeAllGivesTheClientEndOfStream() throws IOException {
    try (Socket s = connect()) {
      send(s, "a");
      assertThat(receive(s, 1)).isEqualTo("a");
      proxy.closeAll();
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void refuseResetsNewConnectionsAndForwardAcceptsThemAgain() throws IOException {
    proxy.refuse();
    try (Socket s = connect()) {
      assertThatThrownBy(
              () -> {
                send(s, "a");
                if (s.getInputStream().read() >= 0) {
                  throw new AssertionError("a refused connection answered");
                }
                throw new SocketException("end of stream");
              })
          .isInstanceOf(IOException.class);
    }
    proxy.forward();
    try (Socket s = connect()) {
      send(s, "ok");
      assertThat(receive(s, 2)).isEqualTo("ok");
    }
    assertThat(proxy.accepted()).isEqualTo(2);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String receive(Socket s, int n) throws IOException {
    InputStream in = s.getInputStream();
    byte[] got = in.readNBytes(n);
    return new String(got, StandardCharsets.US_ASCII);
  }

  private void echoLoop() {
    while (true) {
      Socket s;
      try {
        s = echo.accept();
      } catch (IOException e) {
        return;
      }
      Thread t =
          new Thread(
              () -> {
                try (s) {
                  s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                  // the proxy reset or closed it: expected in these tests
                }
              },
              "echo-connection");
      t.setDaemon(true);
      t.start();
    }
  }
}
