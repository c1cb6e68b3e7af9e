package dev.seam.spring.boot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.spring.boot.readme.PriceService;
import dev.seam.testing.RecordedCall;
import dev.seam.testing.RecordingSeam;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A {@code @SpringBootTest} that runs a lane on the test kit with no change to production code: a
 * {@code RecordingSeam} declared under the lane's name replaces {@code seam.lanes.pricing}, and the
 * unchanged {@code @SeamAsync} service's calls wait on it until the test runs them.
 */
@SpringBootTest(
    classes = RecordingLaneTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"seam.lanes.pricing.max-concurrency=4", "seam.jdbc.enabled=false"})
class RecordingLaneTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class OnTheTestKit {
    @Bean // named as the lane: it replaces seam.lanes.pricing in this test's context
    RecordingSeam pricing() {
      return RecordingSeam.create("pricing");
    }
  }

  @Autowired PriceService prices; // production code, unchanged
  @Autowired RecordingSeam pricing;

  @Test
  void theServicesCallsWaitOnTheRecordingSeamUntilTheTestRunsThem() throws Exception {
    CompletableFuture<Long> price = prices.price("abc");
    RecordedCall call = pricing.next(); // the call the service made, not yet run
    assertThat(call.timeout()).isEqualTo(Duration.ofMillis(300)); // its @SeamTimeout
    assertThat(price).isNotDone();
    call.run(); // runs the body here, on the test's thread
    assertThat(price).isCompletedWithValue(300L);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({PriceService.class, OnTheTestKit.class})
  static class App {
    @Bean
    PriceService.LegacyPricing legacyPricing() {
      return sku -> sku.length() * 100L;
    }
  }
}
