package dev.seam.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends each module's test run by listing the optional suites of the build so far, which ran and
 * which were skipped and how to run them, so that the last such list of {@code mvn verify} covers
 * the whole build. Registered through {@code META-INF/services}; prints nothing when no suite has
 * recorded anything (see {@link OptionalSuite}).
 */
public final class OptionalSuitesSummary implements TestExecutionListener {

  /** Created by the JUnit Platform launcher. */
  public OptionalSuitesSummary() {}

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Optional<Path> dir = OptionalSuite.buildDirectory();
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return;
    }
    List<String> records;
    try (Stream<Path> files = Files.list(dir.get())) {
      records = files.sorted().map(OptionalSuitesSummary::read).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      return; // a summary is a courtesy; it never fails the build
    }
    if (records.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder("\n[seam] Optional suites in this build so far:\n");
    for (String r : records) {
      String[] f = r.split("\t", 3);
      if (f.length == 3) {
        out.append(String.format("[seam]   %-26s %-13s %s%n", f[0], "(" + f[1] + ")", f[2]));
      }
    }
    System.out.print(out);
    System.out.flush();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
