package dev.seam.benchmarks.sse;

import dev.seam.Seam;
import dev.seam.ThreadMode;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseProducer;
import dev.seam.sse.SseServlet;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * One SSE server on Jetty 12 (ee10) for the load client: {@code seam} (an {@link SseEndpoint} and
 * {@link SseServlet}) or {@code spring} (a {@code DispatcherServlet} with {@link SpringTicker}),
 * both at {@code /events} and with the same producer ({@link Ticker}), plus {@code /stats}.
 *
 * <pre>LoadServer seam|spring platform|virtual port maxStreams</pre>
 *
 * In virtual mode Jetty also runs its handlers on virtual threads. Runs until killed.
 */
public final class LoadServer {
  private LoadServer() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    boolean virtual = args[1].equals("virtual");
    int port = Integer.parseInt(args[2]);
    int maxStreams = Integer.parseInt(args[3]);

    QueuedThreadPool pool = new QueuedThreadPool();
    if (virtual) {
      pool.setVirtualThreadsExecutor(virtualExecutor());
    }
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    connector.setIdleTimeout(3_600_000L);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new ServerStats()), "/stats");
    ServletHolder events;
    if (kind.equals("seam")) {
      Seam seam =
          Seam.builder("sse-load")
              .maxConcurrency(maxStreams)
              .maxQueued(maxStreams)
              .timeout(Duration.ofHours(1))
              .threads(virtual ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM)
              .build();
      SseEndpoint sse =
          SseEndpoint.builder(seam)
              .maxStreams(maxStreams)
              .streamTimeout(Duration.ofHours(1))
              .build();
      SseProducer producer =
          emitter -> Ticker.run((seq, data) -> emitter.send(SseEvent.of(data).id(seq)));
      events = new ServletHolder(new SseServlet(sse, producer));
      context.addServlet(events, "/events");
    } else {
      SpringTicker.producers = virtual ? virtualExecutor() : Executors.newCachedThreadPool();
      AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
      spring.register(SpringTicker.Config.class);
      events = new ServletHolder(new DispatcherServlet(spring));
      context.addServlet(events, "/");
    }
    events.setAsyncSupported(true);
    server.setHandler(context);
    server.start();
    System.out.println("listening " + kind + " " + args[1] + " on " + connector.getLocalPort());
    server.join();
  }

  private static ExecutorService virtualExecutor() throws ReflectiveOperationException {
    // Compiled for Java 17; the virtual mode runs on 21+.
    return (ExecutorService)
        Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }
}
