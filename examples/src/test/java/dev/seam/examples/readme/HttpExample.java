package dev.seam.examples.readme;

import dev.seam.Seam;
import dev.seam.http.AsyncOkHttp;
import dev.seam.http.HttpOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** The README's HTTP example, whole. */
final class HttpExample {
  private HttpExample() {}

  static String run(String url) {
    Seam inventory =
        Seam.builder("inventory-api").maxConcurrency(20).timeout(Duration.ofSeconds(1)).build();
    AsyncOkHttp http = AsyncOkHttp.create(inventory, new OkHttpClient());

    CompletableFuture<String> stock =
        http.execute(
            new Request.Builder().url(url).build(),
            HttpOptions.defaults()
                .withTimeout(Duration.ofMillis(300)) // deadline from now; OkHttp's call timeout
                .withMaxBodyBytes(1 << 20), // more than 1 MiB fails with BodyTooLargeException
            response -> response.body().string()); // on the seam; the response is closed for you

    try (inventory) {
      return stock.join();
    }
  }
}
