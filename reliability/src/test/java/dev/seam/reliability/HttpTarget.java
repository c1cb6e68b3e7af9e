package dev.seam.reliability;

import dev.seam.Seam;
import dev.seam.http.AsyncJdkHttp;
import dev.seam.http.HttpOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** The loopback {@link FaultyHttpServer} through java.net.http on a seam. */
final class HttpTarget implements SoakTarget {
  private final FaultyHttpServer server;
  private final Seam seam;
  private final AsyncJdkHttp http;

  HttpTarget(FaultyHttpServer server) {
    this.server = server;
    this.seam = Seam.builder("soak-http").maxConcurrency(8).maxQueued(16).build();
    this.http =
        AsyncJdkHttp.create(
            seam, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Seam seam() {
    return seam;
  }

  @Override
  public CompletableFuture<?> next(SplittableRandom r) {
    int pick = r.nextInt(100);
    String path;
    HttpOptions options = HttpOptions.defaults().withTimeout(Duration.ofSeconds(2));
    if (pick < 50) {
      path = "/ok";
    } else if (pick < 75) {
      path = "/slow/" + r.nextInt(400);
      options = options.withTimeout(Duration.ofMillis(50 + r.nextInt(300)));
    } else if (pick < 90) {
      path = "/error";
    } else {
      path = "/drop";
    }
    return http.send(
        HttpRequest.newBuilder(server.uri(path)).build(),
        options,
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    seam.close();
  }
}
