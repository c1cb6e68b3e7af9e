package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @since} in the library names a version that exists by the time it ships: none later
 * than the build's own major.minor (a class documented "@since 0.1" in a 0.1.0 build says nothing
 * true).
 */
class SinceTagsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SINCE = Pattern.compile("@since (\\d+)\\.(\\d+)");

  @Test
  void noSinceTagIsLaterThanTheBuildsVersion() throws IOException {
    Matcher v =
        Pattern.compile("<artifactId>seam-parent</artifactId>\\s*<version>(\\d+)\\.(\\d+)")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(v.find()).as("seam-parent's version").isTrue();
    int major = Integer.parseInt(v.group(1));
    int minor = Integer.parseInt(v.group(2));
    List<String> late = new ArrayList<>();
    int tags = 0;
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> f.toString().contains("/src/main/java/"))
              .filter(f -> !f.toString().contains("/target/"))
              .toList()) {
        Matcher m = SINCE.matcher(Files.readString(file));
        while (m.find()) {
          tags++;
          int a = Integer.parseInt(m.group(1));
          int b = Integer.parseInt(m.group(2));
          if (a > major || (a == major && b > minor)) {
            late.add(ROOT.relativize(file) + ": " + m.group());
          }
        }
      }
    }
    assertThat(tags).as("@since tags found").isGreaterThan(50);
    assertThat(late).as("@since later than %d.%d", major, minor).isEmpty();
  }
}
