package dev.seam.sse;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real server on 127.0.0.1 (Jetty 12 servlet, or the JDK HttpServer) serving one producer. */
abstract class TestServer implements AutoCloseable {
  abstract URI uri(String path);

  static TestServer jetty(SseEndpoint endpoint, SseProducer producer) throws Exception {
    return jetty(new SseServlet(endpoint, producer));
  }

  static TestServer jetty(SseEndpoint endpoint, SseBroadcaster broadcaster) throws Exception {
    return jetty(new SseServlet(endpoint, broadcaster));
  }

  static TestServer jdk(SseEndpoint endpoint, SseProducer producer) throws Exception {
    return jdk(endpoint, new SseHttpHandler(endpoint, producer));
  }

  static TestServer jdk(SseEndpoint endpoint, SseBroadcaster broadcaster) throws Exception {
    return jdk(endpoint, new SseHttpHandler(endpoint, broadcaster));
  }

  /** A Jetty server whose connector {@code tune} adjusts before it starts (socket buffers). */
  static TestServer jetty(SseServlet servlet, Consumer<ServerConnector> tune) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    tune.accept(connector);
    return jetty(server, connector, servlet);
  }

  private static TestServer jetty(SseServlet servlet) throws Exception {
    Server server = new Server();
    return jetty(server, new ServerConnector(server), servlet);
  }

  private static TestServer jetty(Server server, ServerConnector connector, SseServlet servlet)
      throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/events/*");
    server.setHandler(context);
    server.start();
    int port = connector.getLocalPort();
    return new TestServer() {
      @Override
      URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
      }

      @Override
      public void close() throws Exception {
        server.stop();
      }
    };
  }

  private static TestServer jdk(SseEndpoint endpoint, SseHttpHandler handler) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/events", handler);
    server.start();
    int port = server.getAddress().getPort();
    return new TestServer() {
      @Override
      URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
      }

      @Override
      public void close() {
        endpoint.close();
        server.stop(0);
        executor.shutdownNow();
      }
    };
  }
}
