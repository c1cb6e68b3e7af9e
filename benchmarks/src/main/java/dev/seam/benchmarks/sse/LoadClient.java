package dev.seam.benchmarks.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens many SSE streams from one JVM (the JDK {@code HttpClient}, HTTP/1.1, two threads) and
 * measures delivery latency: receive time minus the send time each event carries. A fraction of
 * clients can be made to stop reading after their first event (they stop requesting lines, so the
 * client stops reading their sockets), to measure what stuck clients do to the healthy ones.
 *
 * <pre>LoadClient baseUrl streams warmupSeconds measureSeconds deadPercent label [eventsPerSecond]
 * </pre>
 *
 * Prints one Markdown table row; the server's threads and memory come from its {@code /stats}.
 * {@code eventsPerSecond} is what each stream should deliver (default 10; 0 for idle streams). The
 * keep-alive comments received in the window go to standard error.
 */
public final class LoadClient {
  private static final int RAMP_BATCH = 100;

  private final AtomicInteger recorded = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong comments = new AtomicLong();
  private volatile boolean measuring;
  private long[] latenciesMicros = new long[0];

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int streams = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    int measure = Integer.parseInt(args[3]);
    double deadPercent = Double.parseDouble(args[4]);
    String label = args[5];
    double rate = args.length > 6 ? Double.parseDouble(args[6]) : 10.0;
    new LoadClient().run(base, streams, warmup, measure, deadPercent, label, rate);
    System.exit(0);
  }

  private void run(
      String base,
      int streams,
      int warmup,
      int measure,
      double deadPercent,
      String label,
      double rate)
      throws Exception {
    ExecutorService io = Executors.newFixedThreadPool(2);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(io)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    Map<String, Long> before = stats(client, base, "");
    int dead = (int) Math.round(streams * deadPercent / 100.0);
    latenciesMicros =
        new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) streams * 12 * measure)];
    List<CompletableFuture<?>> open = new ArrayList<>();
    long rampStart = System.nanoTime();
    for (int i = 0; i < streams; i += RAMP_BATCH) {
      int n = Math.min(RAMP_BATCH, streams - i);
      CountDownLatch first = new CountDownLatch(n);
      for (int j = 0; j < n; j++) {
        boolean stuck = i + j < dead;
        HttpRequest req =
            HttpRequest.newBuilder(URI.create(base + "/events"))
                .header("Accept", "text/event-stream")
                .build();
        open.add(
            client.sendAsync(
                req, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(first, stuck))));
      }
      if (!first.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("streams did not start: " + first.getCount() + " of " + n);
      }
    }
    double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
    TimeUnit.SECONDS.sleep(warmup);
    long cpu0 = stats(client, base, "?nogc").get("cpu_ms");
    long r0 = received.get();
    long c0 = comments.get();
    long t0 = System.nanoTime();
    measuring = true;
    TimeUnit.SECONDS.sleep(measure);
    measuring = false;
    double seconds = (System.nanoTime() - t0) / 1e9;
    long events = received.get() - r0;
    long keepAlives = comments.get() - c0;
    Map<String, Long> during = stats(client, base, "");
    double cpuPerThousand = (during.get("cpu_ms") - cpu0) * 1000.0 / Math.max(1, events);
    int n = Math.min(recorded.get(), latenciesMicros.length);
    long[] lat = Arrays.copyOf(latenciesMicros, n);
    Arrays.sort(lat);
    int healthy = streams - dead;
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %d | %s | %s | %s | %,.0f (%.0f%%) | %.0f | %d | %d | %,d | %.0f | %.1f |"
            + " %.1f s | %d |%n",
        label,
        streams,
        dead,
        ms(percentile(lat, 0.50)),
        ms(percentile(lat, 0.99)),
        ms(n == 0 ? 0 : lat[n - 1]),
        events / seconds,
        rate > 0 ? 100.0 * events / seconds / (healthy * rate) : 0.0,
        cpuPerThousand,
        during.get("threads"),
        during.get("writers"),
        during.get("rss_kb") / 1024,
        (during.get("rss_kb") - before.get("rss_kb")) / (double) streams,
        (during.get("heap_kb") - before.get("heap_kb")) / (double) streams,
        rampSeconds,
        failures.get());
    System.err.printf(
        Locale.ROOT, "%s: %,.0f keep-alive comments/s received%n", label, keepAlives / seconds);
    open.forEach(f -> f.cancel(true));
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long micros) {
    return micros < 10_000
        ? String.format(Locale.ROOT, "%.2f ms", micros / 1000.0)
        : String.format(Locale.ROOT, "%,d ms", micros / 1000);
  }

  private static Map<String, Long> stats(HttpClient client, String base, String query)
      throws Exception {
    String body =
        client
            .send(
                HttpRequest.newBuilder(URI.create(base + "/stats" + query)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Long> m = new LinkedHashMap<>();
    body.lines()
        .filter(line -> line.indexOf('=') > 0)
        .forEach(
            line -> {
              int eq = line.indexOf('=');
              m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            });
    return m;
  }

  /** One stream's lines; a stuck one stops requesting after its first event. */
  private final class Lines implements Flow.Subscriber<String> {
    private final CountDownLatch first;
    private final boolean stuck;
    private Flow.Subscription subscription;
    private boolean started;

    Lines(CountDownLatch first, boolean stuck) {
      this.first = first;
      this.stuck = stuck;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(stuck ? 1 : Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith(":")) {
        comments.incrementAndGet();
      }
      if (!line.startsWith("data:")) {
        if (stuck && !started) {
          subscription.request(1);
        }
        return;
      }
      long now = System.nanoTime();
      if (!started) {
        started = true;
        first.countDown();
      }
      if (stuck) {
        return; // and never request another line
      }
      received.incrementAndGet();
      if (measuring) {
        long sent = Long.parseLong(line.substring(5).trim());
        int i = recorded.getAndIncrement();
        if (i < latenciesMicros.length) {
          latenciesMicros[i] = (now - sent) / 1000;
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      failures.incrementAndGet();
      if (!started) {
        started = true;
        first.countDown();
      }
    }

    @Override
    public void onComplete() {
      if (!started) {
        started = true;
        first.countDown();
      }
    }
  }
}
