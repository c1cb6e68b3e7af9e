package dev.seam.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of the README is cut from a compiled, tested source file, so the two
 * cannot drift: the block must follow a {@code <!-- source: path -->} line naming that file, and
 * its lines (leading spaces aside) must appear in the file in the same order, together, except that
 * a line {@code ...} in the block stands for any number of lines of the file.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BLOCK =
      Pattern.compile("(?:<!-- source: (\\S+) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

  record Block(int line, String source, List<String> lines) {}

  static List<Block> blocks(String readme) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      int line = (int) readme.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      blocks.add(new Block(line, m.group(1), m.group(2).lines().toList()));
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheReadmeIsCutFromItsSourceFile() throws IOException {
    List<Block> blocks = blocks(Files.readString(ROOT.resolve("README.md")));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
    List<String> problems = new ArrayList<>();
    for (Block b : blocks) {
      if (b.source() == null) {
        problems.add("README line " + b.line() + ": java block without <!-- source: ... -->");
        continue;
      }
      Path file = ROOT.resolve(b.source());
      if (!Files.exists(file)) {
        problems.add("README line " + b.line() + ": no file " + b.source());
        continue;
      }
      String miss = firstMismatch(b.lines(), Files.readAllLines(file));
      if (miss != null) {
        problems.add("README line " + b.line() + " (" + b.source() + "): " + miss);
      }
    }
    assertThat(problems).as("README blocks that drifted from their sources").isEmpty();
  }

  @Test
  void theCheckCatchesADriftedLine() {
    List<String> source = List.of("import a.B;", "", "class X {", "  int y = 1;", "}");
    assertThat(firstMismatch(List.of("import a.B;", "...", "  int y = 1;"), source)).isNull();
    assertThat(firstMismatch(List.of("class X {", "  int y = 2;"), source))
        .isEqualTo("'int y = 2;' not found after 'class X {'");
    assertThat(firstMismatch(List.of("class X {", "}"), source)).isNotNull(); // not together
  }

  /** Null when the block's lines appear in the source as described; else the first that did not. */
  static String firstMismatch(List<String> block, List<String> source) {
    List<String> src =
        source.stream().map(String::strip).filter(s -> !s.isEmpty() && !isDoc(s)).toList();
    List<String> want = block.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    return match(want, 0, src, 0, true, null);
  }

  // The README may leave out a file's javadoc: its lines never count as a gap in a block.
  private static boolean isDoc(String line) {
    return line.startsWith("/**") || line.startsWith("*");
  }

  private static String match(
      List<String> want, int w, List<String> src, int s, boolean free, String previous) {
    if (w == want.size()) {
      return null;
    }
    if (want.get(w).equals("...")) {
      return match(want, w + 1, src, s, true, previous);
    }
    String miss =
        "'" + want.get(w) + "' not found" + (previous == null ? "" : " after '" + previous + "'");
    if (!free) {
      return s < src.size() && src.get(s).equals(want.get(w))
          ? match(want, w + 1, src, s + 1, false, want.get(w))
          : miss;
    }
    String deepest = miss;
    for (int i = s; i < src.size(); i++) {
      if (src.get(i).equals(want.get(w))) {
        String rest = match(want, w + 1, src, i + 1, false, want.get(w));
        if (rest == null) {
          return null;
        }
        deepest = rest; // the first line matched here: what broke after it says more
      }
    }
    return deepest;
  }
}
