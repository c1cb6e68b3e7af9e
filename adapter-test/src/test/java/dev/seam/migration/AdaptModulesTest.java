package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default methods of async interfaces that live in named modules. Tests run on the class path,
 * where every package is open; these compile a small module {@code orders.api} at test time and
 * load it into its own layer, so that its {@code exports} and {@code opens} really apply. Some also
 * load Seam's own classes into that layer as the named module {@code dev.seam}, as on the module
 * path.
 */
@ExtendWith(SeamLeakCheck.class)
class AdaptModulesTest {
  @TempDir Path dir;
  private final Seam seam = ImmediateSeam.create("orders");

  @AfterEach
  void closeSeam() {
    seam.close();
  }

  @Test
  void hiddenInterfaceInAPackageExportedButNotOpenFailsAtCreation() throws Exception {
    ModuleLayer layer = layer("module orders.api { exports orders.api; }", "", false);
    assertThatThrownBy(() -> Seam.adapt(greeter(layer), new Object(), seam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Greeter.hello() is a default method of Greeter")
        .hasMessageContaining("module orders.api does not open package orders.api to Seam")
        .hasMessageContaining("add \"opens orders.api;\" to its module-info.java");
  }

  @Test
  void hiddenInterfaceInAnOpenPackageRunsItsDefaultMethod() throws Exception {
    ModuleLayer layer =
        layer("module orders.api { exports orders.api; opens orders.api; }", "", false);
    Object proxy = Seam.adapt(greeter(layer), new Object(), seam);
    assertThat(hello(layer, proxy)).isEqualTo("hello");
  }

  @Test
  void publicInterfaceInAnExportedPackageNeedsNoOpens() throws Exception {
    ModuleLayer layer = layer("module orders.api { exports orders.api; }", "public", false);
    Object proxy = Seam.adapt(greeter(layer), new Object(), seam);
    assertThat(hello(layer, proxy)).isEqualTo("hello");
  }

  @Test
  void namedSeamRunsDefaultMethodOfHiddenInterfaceInAPackageOpenedToIt() throws Exception {
    ModuleLayer layer =
        layer("module orders.api { exports orders.api; opens orders.api to dev.seam; }", "", true);
    try (AutoCloseable named = namedSeam(layer)) {
      Object proxy = namedAdapt(layer, named);
      assertThat(hello(layer, proxy)).isEqualTo("hello");
    }
  }

  @Test
  void namedSeamRefusesHiddenInterfaceNotOpenedToItAndSaysWhatToAdd() throws Exception {
    ModuleLayer layer = layer("module orders.api { exports orders.api; }", "", true);
    try (AutoCloseable named = namedSeam(layer)) {
      assertThatThrownBy(() -> namedAdapt(layer, named))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("add \"opens orders.api to dev.seam;\" to its module-info.java");
    }
  }

  private static Class<?> greeter(ModuleLayer layer) throws ClassNotFoundException {
    return layer.findLoader("orders.api").loadClass("orders.api.Greeter");
  }

  /** Calls the proxy as code in {@code orders.api} would, since only that package can name it. */
  private static Object hello(ModuleLayer layer, Object proxy) throws ReflectiveOperationException {
    return layer
        .findLoader("orders.api")
        .loadClass("orders.api.Greetings")
        .getMethod("hello", Object.class)
        .invoke(null, proxy);
  }

  /** A seam built by the layer's {@code dev.seam}, not the class-path one. */
  private static AutoCloseable namedSeam(ModuleLayer layer) throws ReflectiveOperationException {
    Class<?> seamType = layer.findLoader("dev.seam").loadClass("dev.seam.Seam");
    Object builder = seamType.getMethod("builder", String.class).invoke(null, "named");
    return (AutoCloseable) builder.getClass().getMethod("build").invoke(builder);
  }

  private static Object namedAdapt(ModuleLayer layer, Object namedSeam)
      throws ReflectiveOperationException {
    Class<?> seamType = layer.findLoader("dev.seam").loadClass("dev.seam.Seam");
    return seamType
        .getMethod("adapt", Class.class, Object.class, seamType)
        .invoke(null, greeter(layer), new Object(), namedSeam);
  }

  /**
   * Compiles {@code orders.api} (a {@code Greeter} with a default method, and a public {@code
   * Greetings} that calls it) and loads it into a new layer, with Seam's classes and SLF4J as named
   * modules too if {@code withNamedSeam}.
   */
  private ModuleLayer layer(String moduleInfo, String greeterModifier, boolean withNamedSeam)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path src = Files.createDirectories(dir.resolve("src/orders/api"));
    Path out = dir.resolve("out");
    Path info = Files.writeString(dir.resolve("src/module-info.java"), moduleInfo);
    Path greeter =
        Files.writeString(
            src.resolve("Greeter.java"),
            """
            package orders.api;
            import java.util.concurrent.CompletableFuture;
            %s interface Greeter {
              default CompletableFuture<String> hello() {
                return CompletableFuture.completedFuture("hello");
              }
            }
            """
                .formatted(greeterModifier));
    Path greetings =
        Files.writeString(
            src.resolve("Greetings.java"),
            """
            package orders.api;
            public final class Greetings {
              public static String hello(Object greeter) {
                return ((Greeter) greeter).hello().join();
              }
            }
            """);
    // java.base's ToolProvider, since this test module does not read java.compiler.
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    StringWriter errors = new StringWriter();
    PrintWriter err = new PrintWriter(errors);
    String[] args = {
      "-d", out.toString(), info.toString(), greeter.toString(), greetings.toString()
    };
    assertThat(javac.run(err, err, args)).as("%s", errors).isZero();

    // With a named Seam, its SLF4J is named too, and needs its Logback beside it in the layer.
    Set<String> roots =
        withNamedSeam
            ? Set.of("orders.api", "dev.seam", "ch.qos.logback.classic")
            : Set.of("orders.api");
    ModuleFinder finder =
        withNamedSeam
            ? ModuleFinder.of(
                out,
                location("dev.seam.Seam"),
                location("org.slf4j.Logger"),
                location("ch.qos.logback.classic.Logger"),
                location("ch.qos.logback.core.Context"))
            : ModuleFinder.of(out);
    ModuleLayer boot = ModuleLayer.boot();
    Configuration config = boot.configuration().resolve(finder, ModuleFinder.of(), roots);
    return boot.defineModulesWithOneLoader(config, AdaptModulesTest.class.getClassLoader());
  }

  private static Path location(String className) throws URISyntaxException, ClassNotFoundException {
    Class<?> type = Class.forName(className);
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
