package dev.seam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Records whether an optional suite (one that needs a server or a browser the machine may not have)
 * ran or was skipped in this build, so that the build can say so at its end ({@link
 * OptionalSuitesSummary}). The gate that decides to skip calls {@link #skipped}; the one that finds
 * what it needs calls {@link #ran}.
 *
 * <p>Records live under {@code <build root>/target/optional-suites/<build id>/}, one file per
 * suite; the parent pom passes both as {@code seam.build.root} and {@code seam.build.id} (the
 * session's start time, the same for every module of one {@code mvn} run). Outside Maven (an IDE)
 * nothing is recorded. Thread-safe: each record is one file written whole.
 */
public final class OptionalSuite {
  private OptionalSuite() {}

  /**
   * Records that the suite ran.
   *
   * @param suite its name, such as {@code "PostgreSQL"}
   */
  public static void ran(String suite) {
    write(suite, "ran");
  }

  /**
   * Records that the suite was skipped, and how to run it.
   *
   * @param suite its name
   * @param howToRun what makes it run, for the summary
   */
  public static void skipped(String suite, String howToRun) {
    write(suite, "skipped: " + howToRun);
  }

  static Optional<Path> buildDirectory() {
    String root = System.getProperty("seam.build.root", "");
    String id = System.getProperty("seam.build.id", "");
    if (root.isBlank() || id.isBlank() || root.startsWith("${") || id.startsWith("${")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(root, "target", "optional-suites", id.replace(':', '-')));
  }

  private static void write(String suite, String outcome) {
    Optional<Path> dir = buildDirectory();
    if (dir.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(dir.get());
      pruneOtherBuilds(dir.get());
      String module = Path.of("").toAbsolutePath().getFileName().toString();
      String file = suite.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".txt";
      Files.writeString(
          dir.get().resolve(file), suite + "\t" + module + "\t" + outcome, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record optional suite " + suite, e);
    }
  }

  // Records of earlier builds would only mislead: keep this build's.
  private static void pruneOtherBuilds(Path own) throws IOException {
    try (Stream<Path> builds = Files.list(own.getParent())) {
      for (Path other : builds.filter(p -> !p.equals(own)).toList()) {
        try (Stream<Path> files = Files.walk(other)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
