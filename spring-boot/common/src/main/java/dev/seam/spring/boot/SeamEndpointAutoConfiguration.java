package dev.seam.spring.boot;

import dev.seam.Seam;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SeamEndpoint} when Actuator is present.
 *
 * @since 0.1
 */
@AutoConfiguration(after = SeamAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
public class SeamEndpointAutoConfiguration {

  /**
   * The endpoint over every {@link Seam} bean.
   *
   * @param lanes the lanes
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  SeamEndpoint seamEndpoint(ObjectProvider<Seam> lanes) {
    return new SeamEndpoint(lanes.orderedStream().toList());
  }
}
