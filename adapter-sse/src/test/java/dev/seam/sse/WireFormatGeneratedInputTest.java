package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seam.sse.internal.WireFormat;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SSE writer against arbitrary strings in every field, read back by OkHttp's own event-stream
 * parser (okhttp-sse, which EventSource clients on the JVM use): each event is either rejected at
 * construction with an error naming the field, or parses back as exactly one event with the same
 * name, id, data (line breaks normalised to LF, as the format defines) and retry. Unpaired
 * surrogates are among the generated strings: UTF-8 cannot carry them, so every field rejects them
 * (before this test, the encoder silently sent {@code ?} instead). The edge cases run first, then
 * events from a seed that a failure names ({@code -Dseam.generated.seed=<seed>} replays them).
 */
@ExtendWith(SeamLeakCheck.class)
class WireFormatGeneratedInputTest {

  /** What OkHttp's parser dispatched. */
  record Parsed(String id, String type, String data) {}

  /** One event's fields; null where the event does not set one. */
  record Fields(String event, String id, String data, Long retryMillis, String comment) {
    @Override
    public String toString() {
      return String.format(
          "event=%s id=%s data=%s retry=%s comment=%s",
          show(event), show(id), show(data), retryMillis, show(comment));
    }

    private static String show(String s) {
      return s == null ? "null" : GeneratedInputs.show(s);
    }

    static Fields draw(SplittableRandom r) {
      return new Fields(
          GeneratedInputs.orNull(r, 0.3, text(r)),
          GeneratedInputs.orNull(r, 0.3, text(r)),
          text(r),
          GeneratedInputs.orNull(
              r, 0.5, (long) GeneratedInputs.intBetween(r, 0, Integer.MAX_VALUE)),
          GeneratedInputs.orNull(r, 0.5, text(r)));
    }
  }

  /** What breaks writers, each alone, before any random event. */
  private static final List<Fields> EDGES =
      List.of(
          new Fields(null, null, "", null, null),
          new Fields("", "", "", 0L, ""),
          new Fields(null, null, "\0", null, null),
          new Fields(null, null, "\r\n", null, null),
          new Fields(null, null, "a\rb\nc\r\n\r\nd", null, null),
          new Fields(null, null, "\n", null, null),
          new Fields(null, null, ": not a comment", (long) Integer.MAX_VALUE, null),
          new Fields(null, null, " leading and trailing space ", null, null),
          new Fields(":", ":", "data: nested", null, ": nested"),
          new Fields("a\nb", null, "x", null, null),
          new Fields(null, "a\rb", "x", null, null),
          new Fields(null, "a\0b", "x", null, null),
          new Fields(null, null, "x", null, "two\nlines\r\nof\rcomment\0"),
          new Fields(null, null, "\ud800", null, null),
          new Fields(null, null, "\udfff\ud800", null, null),
          new Fields("\ud83d", null, "x", null, null),
          new Fields(null, "\ude00", "x", null, null),
          new Fields(null, null, "x", null, "a\ud800"),
          new Fields("\ud83d\ude00", "\ud83d\ude00", "\ud83d\ude00", 1L, "\ud83d\ude00"));

  @Test
  void everyEventParsesBackUnchangedOrIsRejectedNamingTheField() throws Exception {
    new GeneratedInputs().forEach(1_000, EDGES, Fields::draw, WireFormatGeneratedInputTest::check);
  }

  private static void check(Fields f, String as) throws IOException {
    String event = f.event();
    String id = f.id();
    String data = f.data();
    Long retryMillis = f.retryMillis();
    String comment = f.comment();
    String bad = firstBadField(event, data, id, comment);
    if (bad != null) {
      String value =
          bad.equals("event") ? event : bad.equals("data") ? data : bad.equals("id") ? id : comment;
      assertThat(catchThrowable(() -> build(event, id, data, retryMillis, comment)))
          .as(as)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "SSE "
                  + bad
                  + (hasUnpairedSurrogate(value)
                      ? " contains an unpaired surrogate"
                      : " must not contain CR, LF or NUL"));
      return;
    }
    byte[] wire = WireFormat.encode(build(event, id, data, retryMillis, comment));

    List<Parsed> parsed = new ArrayList<>();
    List<Long> retries = new ArrayList<>();
    ServerSentEventReader reader =
        new ServerSentEventReader(
            new Buffer().write(wire),
            new ServerSentEventReader.Callback() {
              @Override
              public void onEvent(String eventId, String type, String eventData) {
                parsed.add(new Parsed(eventId, type, eventData));
              }

              @Override
              public void onRetryChange(long timeMs) {
                retries.add(timeMs);
              }
            });
    while (reader.processNextEvent()) {
      // reads every block the writer produced
    }
    // An empty id or event name is, by the format's rules, no id (it resets Last-Event-ID) and
    // the default type: OkHttp reports both as null.
    assertThat(parsed)
        .as(as)
        .containsExactly(new Parsed(emptyAsNull(id), emptyAsNull(event), normalised(data)));
    assertThat(retries).as(as).isEqualTo(retryMillis == null ? List.of() : List.of(retryMillis));
  }

  private static SseEvent build(
      String event, String id, String data, Long retryMillis, String comment) {
    SseEvent e = event == null ? SseEvent.of(data) : SseEvent.of(event, data);
    if (id != null) {
      e = e.id(id);
    }
    if (retryMillis != null) {
      e = e.retry(Duration.ofMillis(retryMillis));
    }
    if (comment != null) {
      e = e.withComment(comment);
    }
    return e;
  }

  /**
   * The first field, in the order the event is built, that is invalid: an unpaired surrogate
   * anywhere (UTF-8 cannot carry it), or CR, LF or NUL in a one-line field.
   */
  private static String firstBadField(String event, String data, String id, String comment) {
    if (event != null && (hasUnpairedSurrogate(event) || hasLineBreakOrNul(event))) {
      return "event";
    }
    if (hasUnpairedSurrogate(data)) {
      return "data";
    }
    if (id != null && (hasUnpairedSurrogate(id) || hasLineBreakOrNul(id))) {
      return "id";
    }
    if (comment != null && hasUnpairedSurrogate(comment)) {
      return "comment";
    }
    return null;
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLineBreakOrNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  private static String emptyAsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** CRLF, CR and LF are all line ends in the format; the parser joins data lines with LF. */
  private static String normalised(String data) {
    return data.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * Strings heavy in what breaks writers (line ends, colons, spaces, NUL, non-ASCII), ASCII,
   * arbitrary UTF-16 (lone surrogates included), or emoji halves that may or may not pair up.
   */
  private static String text(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> GeneratedInputs.stringOf(r, "\r\n\0 :ab\u00e9\u4e2d", 12);
      case 1 -> GeneratedInputs.anyChars(r, 0, 40);
      case 2 -> GeneratedInputs.stringOf(r, ASCII, 20);
      default -> GeneratedInputs.stringOf(r, "a\ud83d\ude00\ud800\udfff", 6);
    };
  }

  private static final String ASCII = ascii();

  private static String ascii() {
    StringBuilder b = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      b.append(c);
    }
    return b.toString();
  }
}
