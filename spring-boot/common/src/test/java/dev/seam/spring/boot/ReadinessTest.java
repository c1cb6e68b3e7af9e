package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Seam's health contributor in Boot's readiness group: added with no setting where the probes
 * create the group, left out where the user listed the group's members or turned it off, and
 * nothing at all without probes.
 */
class ReadinessTest {
  // Seam's auto-configuration first: the runner sorts them as Boot does, so a missing order
  // between Seam's and the probes' would show here.
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SeamAutoConfiguration.class, SeamHealthAutoConfiguration.class))
          .withConfiguration(BootLine.healthEndpoint())
          .withPropertyValues(
              "seam.lanes.orders.max-concurrency=1", "seam.lanes.orders.max-queued=1");

  // Boot 4 turns the probes on by default, Boot 3 on Kubernetes only: both are said explicitly.
  private final ApplicationContextRunner withProbes =
      runner.withPropertyValues("management.endpoint.health.probes.enabled=true");

  private final ApplicationContextRunner withoutProbes =
      runner.withPropertyValues("management.endpoint.health.probes.enabled=false");

  @Test
  void aSaturatedLaneTakesTheInstanceOutOfReadinessUntilItsCallsFinish() {
    withProbes.run(
        ctx -> {
          assertThat(ctx).hasNotFailed();
          started(ctx);
          assertThat(BootLine.groupStatus(ctx, "readiness")).isEqualTo("UP");
          Saturation saturation = Saturation.of(ctx);
          try {
            assertThat(BootLine.groupStatus(ctx, "readiness")).isEqualTo("OUT_OF_SERVICE");
            assertThat(BootLine.groupStatus(ctx, "liveness")).isEqualTo("UP");
          } finally {
            saturation.end();
          }
          awaitReadiness(ctx, "UP");
          assertThat(BootLine.groupStatus(ctx, "liveness")).isEqualTo("UP");
        });
  }

  @Test
  void seamsPostProcessorRunsAfterTheProbesThatCreateTheGroup() {
    withProbes.run(
        ctx -> {
          assertThat(BootLine.groupsPostProcessors(ctx))
              .containsExactly(
                  "AvailabilityProbesHealthEndpointGroupsPostProcessor",
                  "SeamReadinessPostProcessor");
          assertThat(BootLine.isMember(ctx, "readiness", "seam")).isTrue();
          assertThat(BootLine.isMember(ctx, "readiness", "seam/orders")).isTrue();
          assertThat(BootLine.isMember(ctx, "readiness", "readinessState")).isTrue();
          assertThat(BootLine.isMember(ctx, "liveness", "seam")).isFalse();
        });
  }

  @Test
  void theProbesAdditionalPathsServeTheGroupWithSeamAndStayMapped() {
    withProbes
        .withPropertyValues("management.endpoint.health.probes.add-additional-paths=true")
        .run(
            ctx -> {
              assertThat(BootLine.isMemberAtPath(ctx, "server:/readyz", "seam")).isTrue();
              assertThat(BootLine.isMemberAtPath(ctx, "server:/livez", "seam")).isFalse();
              // Spring Security's EndpointRequest finds /readyz and /livez through this mapper.
              assertThat(BootLine.groups(ctx)).isInstanceOf(AdditionalPathsMapper.class);
              AdditionalPathsMapper mapper = (AdditionalPathsMapper) BootLine.groups(ctx);
              assertThat(
                      mapper.getAdditionalPaths(EndpointId.of("health"), WebServerNamespace.SERVER))
                  .containsExactlyInAnyOrder("/livez", "/readyz");
            });
  }

  @Test
  void aReadinessGroupWhoseMembersTheUserListedStaysTheirs() {
    withProbes
        .withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(BootLine.isMember(ctx, "readiness", "seam")).isFalse();
              started(ctx);
              Saturation saturation = Saturation.of(ctx);
              try {
                assertThat(BootLine.groupStatus(ctx, "readiness")).isEqualTo("UP");
              } finally {
                saturation.end();
              }
            });
    withProbes
        .withPropertyValues("management.endpoint.health.group.readiness.exclude=seam")
        .run(ctx -> assertThat(BootLine.isMember(ctx, "readiness", "seam")).isFalse());
  }

  @Test
  void theOptOutLeavesSeamOutOfTheReadinessGroup() {
    withProbes
        .withPropertyValues("seam.health.readiness=false")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().doesNotHaveBean("seamReadinessPostProcessor");
              assertThat(BootLine.isMember(ctx, "readiness", "seam")).isFalse();
              started(ctx);
              Saturation saturation = Saturation.of(ctx);
              try {
                assertThat(BootLine.groupStatus(ctx, "readiness")).isEqualTo("UP");
              } finally {
                saturation.end();
              }
            });
  }

  @Test
  void withoutProbesThereIsNoReadinessGroupAndNothingBreaks() {
    withoutProbes.run(
        ctx -> {
          assertThat(ctx).hasNotFailed().hasBean("seamReadinessPostProcessor");
          assertThat(BootLine.groupStatus(ctx, "readiness")).isNull();
          assertThat(BootLine.isMember(ctx, "readiness", "seam")).isFalse();
          Saturation saturation = Saturation.of(ctx);
          try {
            assertThat(BootLine.groupStatus(ctx, "readiness")).isNull();
          } finally {
            saturation.end();
          }
        });
  }

  /** What a started application has told its availability; the runner's context never says it. */
  private static void started(AssertableApplicationContext ctx) {
    AvailabilityChangeEvent.publish(ctx, LivenessState.CORRECT);
    AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
  }

  /** Polls health, which is cheap: a lane frees a permit just after its call's future completes. */
  private static void awaitReadiness(AssertableApplicationContext ctx, String status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!status.equals(BootLine.groupStatus(ctx, "readiness")) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(BootLine.groupStatus(ctx, "readiness")).isEqualTo(status);
  }

  /** The lane {@code orders} saturated: one call held running on a latch, one queued behind it. */
  private record Saturation(
      CountDownLatch release,
      CompletableFuture<Boolean> running,
      CompletableFuture<Integer> queued) {

    static Saturation of(AssertableApplicationContext ctx) throws InterruptedException {
      Seam orders = ctx.getBean("orders", Seam.class);
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> running =
          orders.call(
              () -> {
                started.countDown();
                return release.await(30, TimeUnit.SECONDS);
              });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Integer> queued = orders.call(() -> 42);
      assertThat(orders.health().status()).isEqualTo(SeamHealth.Status.SATURATED);
      return new Saturation(release, running, queued);
    }

    void end() {
      release.countDown();
      assertThat(running).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(true);
      assertThat(queued).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(42);
    }
  }
}
