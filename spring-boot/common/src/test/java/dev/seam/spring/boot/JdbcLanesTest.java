package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

class JdbcLanesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
          .withUserConfiguration(Pools.class);

  @Test
  void eachDataSourceGetsALaneSizedFromItsPoolAndAnAsyncJdbc() {
    runner
        .withUserConfiguration(UsersConfig.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBeansOfType(Seam.class))
                  .containsOnlyKeys("ordersDbSeam", "auditDbSeam");
              assertThat(ctx.getBeansOfType(AsyncJdbc.class))
                  .containsOnlyKeys("ordersDbAsyncJdbc", "auditDbAsyncJdbc");
              Seam orders = ctx.getBean("ordersDbSeam", Seam.class);
              assertThat(orders.name()).isEqualTo("ordersDb");
              assertThat(orders.stats().maxConcurrency()).isEqualTo(4);
              assertThat(ctx.getBean("auditDbSeam", Seam.class).stats().maxConcurrency())
                  .isEqualTo(2);
              // The primary data source's AsyncJdbc is the one injected by type alone.
              AsyncJdbc jdbc = ctx.getBean(AsyncJdbc.class);
              assertThat(jdbc.queryOne("SELECT DATABASE()", rs -> rs.getString(1)))
                  .succeedsWithin(Duration.ofSeconds(10))
                  .satisfies(name -> assertThat(name).hasValue("SEAM_BOOT_ORDERS"));
              Users users = ctx.getBean(Users.class);
              assertThat(users.audit.queryOne("SELECT DATABASE()", rs -> rs.getString(1)))
                  .succeedsWithin(Duration.ofSeconds(10))
                  .satisfies(name -> assertThat(name).hasValue("SEAM_BOOT_AUDIT"));
              assertThat(users.auditSeam).isSameAs(ctx.getBean("auditDbSeam"));
            });
  }

  @Test
  void aLaneNamedAfterADataSourceConfiguresItsLaneInsteadOfAddingOne() {
    runner
        .withPropertyValues(
            "seam.lanes.orders-db.max-concurrency=3", "seam.lanes.orders-db.max-queued=5")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBeansOfType(Seam.class))
                  .containsOnlyKeys("ordersDbSeam", "auditDbSeam");
              Seam orders = ctx.getBean("ordersDbSeam", Seam.class);
              assertThat(orders.stats().maxConcurrency()).isEqualTo(3);
              assertThat(orders.stats().maxQueued()).isEqualTo(5);
            });
    runner
        .withPropertyValues(
            "seam.lanes.orders-db.max-concurrency=3", "seam.lanes.ordersDb.max-queued=5")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .hasMessageContaining("seam.lanes.ordersDb")
                    .hasMessageContaining("seam.lanes.orders-db"));
  }

  @Test
  void jdbcCanBeTurnedOffAndIsAbsentWithoutSeamJdbc() {
    runner
        .withPropertyValues("seam.jdbc.enabled=false")
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(AsyncJdbc.class));
    runner
        .withClassLoader(new FilteredClassLoader(AsyncJdbc.class))
        .withPropertyValues("seam.lanes.orders.max-concurrency=1")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBeansOfType(Seam.class)).containsOnlyKeys("orders");
            });
  }

  @Test
  void lanesCloseAfterTheLifecycleBeansStopAndBeforeThePoolsClose() {
    List<String> events = new CopyOnWriteArrayList<>();
    // A bean that uses the lane is created before the pools: without the lane's dependency on
    // them, it would be destroyed after them.
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
        .withUserConfiguration(EarlyLaneUser.class, Pools.class)
        .withPropertyValues("seam.lanes.orders.max-concurrency=1")
        .withBean("events", List.class, () -> events)
        .withUserConfiguration(StopWatcher.class)
        .run(ctx -> assertThat(ctx).hasNotFailed());
    assertThat(events)
        .containsExactly(
            "lifecycle stopped; lanes open: [auditDb, orders, ordersDb]",
            "pool auditDb closed; lanes open: []",
            "pool ordersDb closed; lanes open: []");
  }

  /** Two HikariCP pools on in-memory H2, one primary, each recording when it closes. */
  @Configuration(proxyBeanMethods = false)
  static class Pools {
    @Bean
    @Primary
    HikariDataSource ordersDb(org.springframework.context.ApplicationContext ctx) {
      return pool(ctx, "ordersDb", "seam_boot_orders", 4);
    }

    @Bean
    HikariDataSource auditDb(org.springframework.context.ApplicationContext ctx) {
      return pool(ctx, "auditDb", "seam_boot_audit", 2);
    }

    private static HikariDataSource pool(
        org.springframework.context.ApplicationContext ctx, String name, String db, int size) {
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1");
      c.setMaximumPoolSize(size);
      c.setPoolName(name);
      return new HikariDataSource(c) {
        @Override
        public void close() {
          record(ctx, "pool " + name + " closed");
          super.close();
        }
      };
    }
  }

  record Users(AsyncJdbc audit, Seam auditSeam) {}

  /** Injects the second data source's lane and AsyncJdbc by its name. */
  @Configuration(proxyBeanMethods = false)
  static class UsersConfig {
    @Bean
    Users users(@Qualifier("auditDb") AsyncJdbc audit, @Qualifier("auditDb") Seam auditSeam) {
      return new Users(audit, auditSeam);
    }
  }

  @SuppressWarnings("unchecked")
  static void record(org.springframework.context.ApplicationContext ctx, String what) {
    if (!ctx.containsBean("events")) {
      return;
    }
    List<String> open =
        ctx.getBeansOfType(Seam.class).values().stream()
            .filter(s -> !s.isClosed())
            .map(Seam::name)
            .sorted()
            .toList();
    ((List<String>) ctx.getBean("events")).add(what + "; lanes open: " + open);
  }

  /** Uses the lane "orders"; registered before the pools. */
  @Configuration(proxyBeanMethods = false)
  static class EarlyLaneUser {
    @Bean
    String ordersUser(@Qualifier("orders") Seam orders) {
      return orders.name();
    }
  }

  /** A lifecycle bean like the web server's: stopped before singletons are destroyed. */
  @Configuration(proxyBeanMethods = false)
  static class StopWatcher {
    @Bean
    SmartLifecycle watcher(org.springframework.context.ApplicationContext ctx) {
      return new SmartLifecycle() {
        private volatile boolean running;

        @Override
        public void start() {
          running = true;
        }

        @Override
        public void stop() {
          record(ctx, "lifecycle stopped");
          running = false;
        }

        @Override
        public boolean isRunning() {
          return running;
        }
      };
    }
  }
}
