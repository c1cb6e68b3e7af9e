package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.spring.boot.internal.LaneReport;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code seam} actuator endpoint: every lane's health, counters and latency summaries ({@code
 * GET /actuator/seam}), or one lane's ({@code GET /actuator/seam/<lane>}). Expose it the Actuator
 * way: {@code management.endpoints.web.exposure.include=health,seam}. Thread-safe; each read takes
 * a stats snapshot per lane and never waits for calls.
 *
 * @since 0.1
 */
@Endpoint(id = "seam")
public class SeamEndpoint {
  private final List<Seam> lanes;

  /**
   * Creates the endpoint.
   *
   * @param lanes the lanes to report, by their names
   */
  public SeamEndpoint(List<Seam> lanes) {
    this.lanes = lanes.stream().sorted(Comparator.comparing(Seam::name)).toList();
  }

  /**
   * Every lane's report.
   *
   * @return reports by lane name
   */
  @ReadOperation
  public Map<String, Map<String, Object>> lanes() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (Seam s : lanes) {
      all.put(s.name(), LaneReport.of(s));
    }
    return all;
  }

  /**
   * One lane's report.
   *
   * @param name the lane's name
   * @return its report, or null (404) if there is no such lane
   */
  @ReadOperation
  public Map<String, Object> lane(@Selector String name) {
    for (Seam s : lanes) {
      if (s.name().equals(name)) {
        return LaneReport.of(s);
      }
    }
    return null;
  }
}
