package dev.seam.spring.boot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.SeamTimeoutException;
import dev.seam.spring.boot.SeamLaneCustomizer;
import dev.seam.spring.boot.readme.PriceService;
import dev.seam.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A {@code @SpringBootTest} that keeps the real lanes but puts their deadlines on a {@code
 * ManualClock}, through a {@code SeamLaneCustomizer} bean of the test: the unchanged service's
 * {@code @SeamTimeout(300)} fires when the test advances the clock, not after 300 ms.
 */
@SpringBootTest(
    classes = ManualClockLaneTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"seam.lanes.pricing.max-concurrency=4", "seam.jdbc.enabled=false"})
class ManualClockLaneTest {
  static final CountDownLatch ENTERED = new CountDownLatch(1);

  @TestConfiguration(proxyBeanMethods = false)
  static class OnTheManualClock {
    @Bean
    ManualClock clock() {
      return new ManualClock();
    }

    @Bean // every lane the starter builds gets the test's clock
    SeamLaneCustomizer manualClock(ManualClock clock) {
      return (lane, builder) -> builder.clock(clock);
    }
  }

  @Autowired PriceService prices;
  @Autowired ManualClock clock;

  @Test
  void theDeadlineFiresWhenTheTestAdvancesTheClock() throws Exception {
    CompletableFuture<Long> price = prices.price("abc");
    ENTERED.await(); // the body runs on a real worker of the lane, blocked
    clock.advance(Duration.ofMillis(299));
    assertThat(price).isNotDone();
    clock.advance(Duration.ofMillis(1));
    assertThat(price)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withCauseInstanceOf(SeamTimeoutException.class);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({PriceService.class, OnTheManualClock.class})
  static class App {
    @Bean
    PriceService.LegacyPricing legacyPricing() {
      return sku -> {
        ENTERED.countDown();
        new CountDownLatch(1).await(); // a slow SDK: until the deadline interrupts it
        return 0L;
      };
    }
  }
}
