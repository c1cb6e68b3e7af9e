package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.testing.SeamLeakCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's demo runs and shows what it promises: rejections, a stopped call, context. */
@ExtendWith(SeamLeakCheck.class)
class DemoTest {

  @Test
  void demoShowsLimitsDeadlineContextAndFailure() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Demo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    original.print(printed);

    assertThat(printed)
        .containsPattern("\\d+ answered, [1-8] rejected")
        .contains("rejected a call: 4/4 running, 8/8 queued")
        .contains("call timed out after 200 ms")
        .contains("cancel hook on seam-inventory-cancel-")
        .containsPattern("the worker stopped after \\d+ ms, not 5000")
        .contains("sees requestId=req-7f3a")
        .contains("at dev.seam.examples.Demo.failure(Demo.java:")
        .contains("cause: java.lang.IllegalArgumentException: unknown sku X-404")
        .contains("closed: no seam thread left");
  }
}
