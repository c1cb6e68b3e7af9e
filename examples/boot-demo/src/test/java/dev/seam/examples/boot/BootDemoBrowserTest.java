package dev.seam.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.testsupport.DevTools;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot demo in a real headless Chromium, driven by test support's {@link DevTools}: a
 * visitor starts a job and watches the bar fill from the controller's {@code SseProducer}, reloads
 * mid-job and sees the bar carry on, sees it end at 100 %, then starts another job and stops the
 * server: the page gets the farewell, and the application closes within the endpoint's grace
 * although a stream was open.
 *
 * <p>Without Chromium the test is skipped and says how to run it; with {@code
 * -Dseam.browser.required=true} (CI) a missing browser fails it instead.
 */
@Timeout(120)
class BootDemoBrowserTest {
  private static final String SUITE = "Chromium browser test (Spring Boot demo)";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void progressBarCarriesOnAcrossAReloadAndThePageGetsTheFarewellAtShutdown() throws Exception {
    Path chromium = DevTools.requireChromium(SUITE);
    ConfigurableApplicationContext app =
        SpringApplication.run(
            BootDemoApplication.class,
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--demo.step-millis=80"); // 100 items: about 8 s of job
    boolean closed = false;
    try (DevTools page = DevTools.launch(chromium, 900, 600)) {
      String port = app.getEnvironment().getProperty("local.server.port");
      page.navigate(URI.create("http://127.0.0.1:" + port + "/"));
      page.click("start");
      List<Integer> seen = new ArrayList<>();
      while (seen.size() < 3) {
        int percent = percent(page);
        if (percent > 0 && (seen.isEmpty() || percent != seen.get(seen.size() - 1))) {
          seen.add(percent);
        }
        assertThat(percent).as("the job got too far before the reload").isLessThan(60);
        TimeUnit.MILLISECONDS.sleep(50); // sampling what a visitor sees, not synchronising
      }
      assertThat(seen).as("the bar fills in steps, from events").isSorted();
      int beforeReload = percent(page);

      page.reload();
      await("the bar after the reload")
          .atMost(PATIENCE)
          .until(() -> state(page), s -> s.equals("running") || s.equals("done"));
      assertThat(percent(page))
          .as("it carries on, not from 0")
          .isGreaterThanOrEqualTo(beforeReload);
      await("the bar at 100 %").atMost(PATIENCE).until(() -> state(page), "done"::equals);
      assertThat(percent(page)).isEqualTo(100);
      assertThat(page.eval("document.getElementById('status').textContent"))
          .isEqualTo("100 / 100 repriced");

      page.click("start");
      await("a second job running")
          .atMost(PATIENCE)
          .until(() -> state(page).equals("running") && percent(page) > 0);
      long start = System.nanoTime();
      app.close();
      closed = true;
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).as("closed with a stream open").isLessThan(Duration.ofSeconds(6));
      await("the farewell on the page")
          .atMost(PATIENCE)
          .until(() -> state(page), "farewell"::equals);
      assertThat(percent(page)).as("the second job stopped part way").isLessThan(100);
    } finally {
      if (!closed) {
        app.close();
      }
    }
  }

  private static int percent(DevTools page) throws Exception {
    return Integer.parseInt(page.eval("document.getElementById('fill').dataset.percent"));
  }

  private static String state(DevTools page) throws Exception {
    return page.eval("document.getElementById('fill').dataset.state || ''");
  }
}
