package dev.seam.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A user of the JDK clients pulls none of the optional libraries: with only seam-core, seam-http
 * and slf4j-api on a class path (no OkHttp, Apache HttpClient, Kotlin or OpenTelemetry), the JDK
 * adapters load and run, and trace-context detection stays quiet.
 */
@ExtendWith(SeamLeakCheck.class)
class OptionalDependenciesTest {

  @Test
  void jdkAdaptersRunWithoutOptionalLibraries() throws Exception {
    URL[] path = {
      location(AsyncJdkHttp.class), location(Seam.class), location(org.slf4j.Logger.class)
    };
    // The isolated path has slf4j-api and no binding, which SLF4J reports on stderr as "No SLF4J
    // providers were found". Name its built-in no-op provider for the isolated copy only: the test
    // class path's SLF4J is bound first, so the properties never reach it.
    LoggerFactory.getILoggerFactory();
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "WARN");
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.respond(200, "hello"));
        URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("okhttp3.OkHttpClient"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("io.opentelemetry.context.Context"))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> seamType = loader.loadClass("dev.seam.Seam");
      Object builder = seamType.getMethod("builder", String.class).invoke(null, "isolated");
      AutoCloseable seam = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder);
      try (seam) {
        Class<?> jdkType = loader.loadClass("dev.seam.http.AsyncJdkHttp");
        Object jdk =
            jdkType
                .getMethod("create", seamType, HttpClient.class)
                .invoke(null, seam, HttpClient.newHttpClient());
        CompletableFuture<?> sent =
            (CompletableFuture<?>)
                jdkType
                    .getMethod("send", HttpRequest.class, HttpResponse.BodyHandler.class)
                    .invoke(
                        jdk,
                        HttpRequest.newBuilder(server.uri("/jdk")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(((HttpResponse<?>) sent.get(5, TimeUnit.SECONDS)).body()).isEqualTo("hello");
        assertThat(jdkType.getClassLoader()).isSameAs(loader);
      }
    } finally {
      System.clearProperty("slf4j.provider");
      System.clearProperty("slf4j.internal.verbosity");
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
