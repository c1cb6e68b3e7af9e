package dev.seam.sse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.sse.contract.SpecParser;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.sse.internal.WireFormat;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The writer against the WHATWG HTML spec's own event-stream examples and its line rules. */
@ExtendWith(SeamLeakCheck.class)
class WireFormatTest {
  // The examples of the HTML spec, section "Server-sent events: interpreting an event stream".
  static final String SPEC_THREE_MESSAGES =
      """
      data: This is the first message.

      data: This is the second message, it
      data: has two lines.

      data: This is the third message.

      """;
  static final String SPEC_ADD_REMOVE =
      "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n";
  static final String SPEC_STOCK = "data: YHOO\ndata: +2\ndata: 10\n\n";
  static final String SPEC_IDS =
      ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
  static final String SPEC_EMPTY_DATA = "data\n\ndata\ndata\n\ndata:";
  static final String SPEC_SPACE = "data:test\n\ndata: test\n\n";

  private static String encode(SseEvent e) {
    return new String(WireFormat.encode(e), UTF_8);
  }

  @Test
  void writesTheSpecsThreeMessagesByteForByte() {
    String written =
        encode(SseEvent.of("This is the first message."))
            + encode(SseEvent.of("This is the second message, it\nhas two lines."))
            + encode(SseEvent.of("This is the third message."));
    assertThat(written).isEqualTo(SPEC_THREE_MESSAGES);
  }

  @Test
  void writesTheSpecsNamedEventsByteForByte() {
    String written =
        encode(SseEvent.of("add", "73857293"))
            + encode(SseEvent.of("remove", "2153"))
            + encode(SseEvent.of("add", "113411"));
    assertThat(written).isEqualTo(SPEC_ADD_REMOVE);
    assertThat(encode(SseEvent.of("YHOO\n+2\n10"))).isEqualTo(SPEC_STOCK);
  }

  @Test
  void everySpecExampleSurvivesARoundTripThroughTheWriter() {
    for (String example :
        List.of(
            SPEC_THREE_MESSAGES,
            SPEC_ADD_REMOVE,
            SPEC_STOCK,
            SPEC_IDS,
            SPEC_EMPTY_DATA,
            SPEC_SPACE)) {
      List<Dispatched> expected = SpecParser.parse(example);
      StringBuilder rewritten = new StringBuilder();
      String lastId = "";
      for (Dispatched d : expected) {
        SseEvent e =
            d.type().equals("message") ? SseEvent.of(d.data()) : SseEvent.of(d.type(), d.data());
        if (!d.lastEventId().equals(lastId)) {
          e = e.id(d.lastEventId());
          lastId = d.lastEventId();
        }
        rewritten.append(encode(e));
      }
      assertThat(SpecParser.parse(rewritten.toString())).as(example).isEqualTo(expected);
    }
  }

  @Test
  void specExamplesDispatchWhatTheSpecSays() {
    assertThat(SpecParser.parse(SPEC_IDS))
        .containsExactly(
            new Dispatched("message", "first event", "1"),
            new Dispatched("message", "second event", ""),
            new Dispatched("message", " third event", ""));
    assertThat(SpecParser.parse(SPEC_EMPTY_DATA))
        .containsExactly(new Dispatched("message", "", ""), new Dispatched("message", "\n", ""));
    assertThat(SpecParser.parse(SPEC_SPACE))
        .containsExactly(
            new Dispatched("message", "test", ""), new Dispatched("message", "test", ""));
  }

  @Test
  void dataIsSplitOnCrLfAndCrlfAlikeSoNoLineBreakCanForgeAField() {
    String hostile = "a\rid: forged\nb\r\nevent: evil\r\rc";
    String written = encode(SseEvent.of(hostile));
    assertThat(written)
        .isEqualTo("data: a\ndata: id: forged\ndata: b\ndata: event: evil\ndata: \ndata: c\n\n");
    assertThat(SpecParser.parse(written))
        .containsExactly(new Dispatched("message", "a\nid: forged\nb\nevent: evil\n\nc", ""));
  }

  @Test
  void idEventRetryAndCommentAreWrittenAsFields() {
    String written =
        encode(
            SseEvent.of("progress", "{\"pct\":5}")
                .id(7)
                .retry(Duration.ofMillis(2500))
                .withComment("hi\nthere"));
    assertThat(written)
        .isEqualTo(": hi\n: there\nevent: progress\nid: 7\nretry: 2500\ndata: {\"pct\":5}\n\n");
    SpecParser p = new SpecParser();
    p.feed(written);
    assertThat(p.events()).containsExactly(new Dispatched("progress", "{\"pct\":5}", "7"));
    assertThat(p.retry()).isEqualTo(2500);
  }

  @Test
  void nonAsciiDataIsUtf8() {
    assertThat(WireFormat.encode(SseEvent.of("zoë ✓ 🚀")))
        .isEqualTo("data: zoë ✓ 🚀\n\n".getBytes(UTF_8));
  }

  @Test
  void crLfOrNulInIdOrEventIsRejectedNamingTheField() {
    List<Runnable> bad = new ArrayList<>();
    bad.add(() -> SseEvent.of("x").id("1\n2"));
    bad.add(() -> SseEvent.of("x").id("1\r2"));
    bad.add(() -> SseEvent.of("x").id("1\0"));
    for (Runnable r : bad) {
      assertThatThrownBy(r::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("SSE id must not contain");
    }
    assertThatThrownBy(() -> SseEvent.of("add\ndata: x", "y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SSE event must not contain CR, LF or NUL (found LF at index 3)");
    assertThatThrownBy(() -> SseEvent.of("a\rb", "y"))
        .hasMessageContaining("event")
        .hasMessageContaining("found CR");
    assertThatThrownBy(() -> SseEvent.of("x").retry(Duration.ofMillis(-1)))
        .hasMessageContaining("retry < 0");
  }
}
