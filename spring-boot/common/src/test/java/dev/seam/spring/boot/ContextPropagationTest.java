package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Context with no code: a request's trace and its caller's authentication reach the lane's worker
 * through Micrometer's context-propagation, with nothing in the application but the starter, the
 * tracing bridge and Spring Security, over real HTTP.
 */
@WithTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ContextPropagationTest.App.class,
    properties = {
      "seam.lanes.legacy.max-concurrency=2",
      "management.tracing.sampling.probability=1.0",
      "spring.application.name=context-test"
    })
class ContextPropagationTest {
  private static final Logger LOG = LoggerFactory.getLogger(ContextPropagationTest.class);

  @LocalServerPort int port;

  @Test
  void aLogLineInsideTheCallCarriesTheRequestsTraceIdAndMethodSecuritySeesTheCaller(
      CapturedOutput output) throws Exception {
    String body = get("alice", "ROLE_CLERK");
    String[] parts = body.split("\\|", -1);
    assertThat(parts).as(body).hasSize(5);
    String requestTrace = parts[0];
    assertThat(requestTrace).as("the request's trace id").matches("[0-9a-f]{32}");
    assertThat(parts[1]).as("the worker's thread").startsWith("seam-legacy-");
    assertThat(parts[2]).as("the current span's trace on the worker").isEqualTo(requestTrace);
    assertThat(parts[3]).as("the worker's MDC").isEqualTo(requestTrace);
    assertThat(parts[4]).as("what the @PreAuthorize bean saw").isEqualTo("alice");
    assertThat(output.getAll().lines().filter(l -> l.contains("inside the seam call for alice")))
        .singleElement()
        .asString()
        .contains(requestTrace);
  }

  @Test
  void aCallerWithoutTheRoleIsDeniedOnTheWorker() throws Exception {
    assertThat(get("mallory", "ROLE_GUEST")).isEqualTo("denied");
  }

  private String get(String user, String roles) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/seen"))
                .header("X-User", user)
                .header("X-Roles", roles)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Accounts.class, Facade.class, Controller.class, HeaderAuthentication.class})
  static class App {
    // What @EnableMethodSecurity declares (it lives in spring-security-config, which this module's
    // other tests must not see): the @PreAuthorize interceptor as an infrastructure advisor.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor preAuthorize() {
      return AuthorizationManagerBeforeMethodInterceptor.preAuthorize();
    }
  }

  /** A legacy bean protected by method security; it reads the caller from the holder. */
  public static class Accounts {
    @PreAuthorize("hasRole('CLERK')")
    public String owner() {
      return SecurityContextHolder.getContext().getAuthentication().getName();
    }
  }

  /** The sync core made async by one annotation. */
  public static class Facade {
    private final Accounts accounts;
    private final Tracer tracer;

    public Facade(Accounts accounts, Tracer tracer) {
      this.accounts = accounts;
      this.tracer = tracer;
    }

    @SeamAsync("legacy")
    public CompletableFuture<String> seen() {
      Span span = tracer.currentSpan();
      String owner = accounts.owner();
      LOG.info("inside the seam call for {}", owner);
      return CompletableFuture.completedFuture(
          String.join(
              "|",
              Thread.currentThread().getName(),
              span == null ? "no span" : span.context().traceId(),
              String.valueOf(MDC.get("traceId")),
              owner));
    }
  }

  @RestController
  static class Controller {
    private final Facade facade;
    private final Tracer tracer;

    Controller(Facade facade, Tracer tracer) {
      this.facade = facade;
      this.tracer = tracer;
    }

    @GetMapping("/seen")
    CompletableFuture<String> seen() {
      Span span = tracer.currentSpan();
      String trace = span == null ? "no span" : span.context().traceId();
      return facade
          .seen()
          .thenApply(seen -> trace + "|" + seen)
          .exceptionally(
              e ->
                  root(e) instanceof AccessDeniedException
                      ? "denied"
                      : "failed: " + root(e).getClass().getName());
    }

    private static Throwable root(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }
  }

  /** Stands in for an authentication filter: the caller is who the headers say. */
  static class HeaderAuthentication extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String user = request.getHeader("X-User");
      if (user != null) {
        var authorities =
            AuthorityUtils.createAuthorityList(
                Arrays.stream(request.getHeader("X-Roles").split(",")).toArray(String[]::new));
        SecurityContextHolder.getContext()
            .setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
      }
      try {
        chain.doFilter(request, response);
      } finally {
        SecurityContextHolder.clearContext();
      }
    }
  }
}
