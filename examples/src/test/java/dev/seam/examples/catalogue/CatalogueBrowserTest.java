package dev.seam.examples.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.testing.SeamLeakCheck;
import dev.seam.testsupport.DevTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo page in a real headless Chromium (Debian's {@code chromium} package), driven over the
 * DevTools protocol: a visitor starts a job, watches the bar fill from Server-Sent Events, reloads
 * mid-job and sees the bar carry on from where it was, and the page ends at 100 %. Saves {@code
 * target/catalogue-demo.png}.
 *
 * <p>Without Chromium the test is skipped and says how to run it; with {@code
 * -Dseam.browser.required=true} (CI) a missing browser fails it instead.
 */
@ExtendWith(SeamLeakCheck.class)
@Timeout(120)
class CatalogueBrowserTest {
  private static final String SUITE = "Chromium browser test";

  @Test
  void visitorWatchesAJobToTheEndAcrossAReload() throws Exception {
    Path chromium = DevTools.requireChromium(SUITE);
    // About 10 s of job at 16 prices in flight: time to watch it and to reload in the middle.
    CatalogueConfig config =
        CatalogueConfig.defaults()
            .withPort(0)
            .withPricing(Duration.ofMillis(100), 0.02)
            .withProducts(1_600, 20);
    try (CatalogueServer server = CatalogueServer.start(config);
        DevTools page = DevTools.launch(chromium, 1100, 1000)) {
      page.navigate(server.uri());
      await(
          "the seams panel",
          () -> page.eval("document.querySelectorAll('#seam-rows tr').length"),
          n -> Integer.parseInt(n) == 6);

      page.click("start");
      List<Integer> seen = new ArrayList<>();
      long firstEventNanos = 0;
      while (seen.isEmpty() || seen.get(seen.size() - 1) < 20) {
        int percent = percent(page);
        if (percent > 0 && (seen.isEmpty() || percent != seen.get(seen.size() - 1))) {
          seen.add(percent);
          firstEventNanos = firstEventNanos == 0 ? System.nanoTime() : firstEventNanos;
        }
        assertThat(percent).as("the job got too far before the reload").isLessThan(60);
        TimeUnit.MILLISECONDS.sleep(100); // sampling what a visitor sees, not synchronising
      }
      // Events arrive over time: several distinct values, spread over a noticeable time.
      assertThat(seen).hasSizeGreaterThanOrEqualTo(3).isSorted();
      assertThat(Duration.ofNanos(System.nanoTime() - firstEventNanos))
          .isGreaterThan(Duration.ofMillis(300));
      int beforeReload = percent(page);

      page.reload();
      String resumed =
          await(
              "the bar after the reload",
              () -> page.eval("document.getElementById('fill').dataset.state || ''"),
              s -> !s.isEmpty());
      int afterReload = percent(page);
      assertThat(resumed).isIn("running", "done");
      assertThat(afterReload)
          .as("the bar continues, it does not start over")
          .isGreaterThanOrEqualTo(beforeReload);

      try {
        await("the bar at 100 %", () -> String.valueOf(percent(page)), p -> p.equals("100"));
      } catch (AssertionError e) {
        String job = page.eval("localStorage.getItem('seam-demo-job')");
        throw new AssertionError(e.getMessage() + "; the server says: " + jobState(server, job), e);
      }
      await(
          "the done state",
          () -> page.eval("document.getElementById('fill').dataset.state"),
          s -> s.equals("done"));
      assertThat(Integer.parseInt(page.eval("document.getElementById('events').textContent")))
          .as("events received after the reload")
          .isPositive();
      assertThat(page.eval("document.getElementById('progress-text').textContent"))
          .contains("1600 / 1600 repriced");

      TimeUnit.SECONDS.sleep(3); // a few more stats points for the chart in the screenshot
      Path shot = Path.of("target", "catalogue-demo.png");
      page.screenshot(shot);
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
  }

  @Test
  void thePanelAgreesWithThePageUnderChaosAndThePageSaysWhenTheServerHasGone() throws Exception {
    Path chromium = DevTools.requireChromium(SUITE);
    CatalogueConfig config =
        CatalogueConfig.defaults().withPort(0).withPricing(Duration.ofMillis(20), 0.0);
    CatalogueServer server = CatalogueServer.start(config);
    try (DevTools page = DevTools.launch(chromium, 1100, 1000)) {
      page.navigate(server.uri());
      await(
          "the seams panel",
          () -> page.eval("document.querySelectorAll('#seam-rows tr').length"),
          n -> Integer.parseInt(n) == 6);
      // Storm: 800 ms prices against a 250 ms budget, and 30 % errors.
      page.click("storm");
      await(
          "the chaos setting",
          () -> page.eval("document.getElementById('chaos-state').textContent"),
          t -> t.contains("800 ms"));
      page.click("burst");
      String result =
          await(
              "the burst's answers",
              () -> page.eval("document.getElementById('product-result').textContent"),
              t -> t.contains("degraded"));
      int degraded = Integer.parseInt(result.replaceAll(".* (\\d+) degraded.*", "$1"));
      assertThat(degraded).as("prices the page could not show, in: " + result).isPositive();
      // Every price the page could not show is a call the panel counts as not succeeded.
      String row =
          await(
              "the pricing row counting them",
              () ->
                  page.eval(
                      "[...document.querySelectorAll('#seam-rows tr')]"
                          + ".filter(r => r.cells[0].textContent === 'pricing')"
                          + ".map(r => [5, 6, 7].map(i => r.cells[i].textContent).join(' '))[0]"),
              r -> sum(r) >= degraded);
      assertThat(sum(row)).as("timed out + rejected + failed on the panel").isEqualTo(degraded);

      server.close();
      await(
          "the page saying the server has gone",
          () ->
              page.eval(
                  "document.getElementById('server-state').hidden ? '' : document.getElementById('server-state').textContent"),
          t -> t.contains("stopped answering"));
      assertThat(
              page.eval(
                  "[...document.querySelectorAll('#seam-rows tr')].map(r => r.cells[1].textContent).join(',')"))
          .as("no health shown as current once the server has gone")
          .isEqualTo("unknown,unknown,unknown,unknown,unknown,unknown");
    } finally {
      server.close();
    }
  }

  private static int sum(String numbers) {
    int total = 0;
    for (String n : numbers.trim().split("\\s+", -1)) {
      total += n.isEmpty() ? 0 : Integer.parseInt(n);
    }
    return total;
  }

  private static String jobState(CatalogueServer server, String job) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return http.send(
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("api/jobs/" + job)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int percent(DevTools page) throws Exception {
    return Integer.parseInt(page.eval("document.getElementById('fill').dataset.percent"));
  }

  private interface Probe {
    String read() throws Exception;
  }

  private static String await(String what, Probe probe, Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      last = probe.read();
      if (done.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling a real browser
    }
    throw new AssertionError(what + " not reached within 60 s; last seen: " + last);
  }
}
