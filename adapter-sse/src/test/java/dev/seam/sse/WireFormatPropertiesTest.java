package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.sse.internal.WireFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.WithNull;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;

/**
 * The SSE writer against arbitrary strings in every field, read back by OkHttp's own event-stream
 * parser (okhttp-sse, which EventSource clients on the JVM use): each event is either rejected at
 * construction with an error naming the field, or parses back as exactly one event with the same
 * name, id, data (line breaks normalised to LF, as the format defines) and retry. Unpaired
 * surrogates are among the generated strings: UTF-8 cannot carry them, so every field rejects them
 * (before this test, the encoder silently sent {@code ?} instead).
 */
class WireFormatPropertiesTest {

  /** What OkHttp's parser dispatched. */
  record Parsed(String id, String type, String data) {}

  @Property(tries = 1_000)
  void everyEventParsesBackUnchangedOrIsRejectedNamingTheField(
      @ForAll("text") @WithNull(0.3) String event,
      @ForAll("text") @WithNull(0.3) String id,
      @ForAll("text") String data,
      @ForAll @WithNull(0.5) @LongRange(min = 0, max = Integer.MAX_VALUE) Long retryMillis,
      @ForAll("text") @WithNull(0.5) String comment)
      throws IOException {
    String bad = firstBadField(event, data, id, comment);
    if (bad != null) {
      String value =
          bad.equals("event") ? event : bad.equals("data") ? data : bad.equals("id") ? id : comment;
      assertThatThrownBy(() -> build(event, id, data, retryMillis, comment))
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
        .containsExactly(new Parsed(emptyAsNull(id), emptyAsNull(event), normalised(data)));
    assertThat(retries).isEqualTo(retryMillis == null ? List.of() : List.of(retryMillis));
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
   * Strings heavy in what breaks writers (line ends, colons, spaces, NUL, non-ASCII) mixed with
   * arbitrary Unicode text.
   */
  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("\r\n\0 :ab\u00e9\u4e2d").ofMaxLength(12),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(20),
        Arbitraries.strings().withChars("a\ud83d\ude00\ud800\udfff").ofMaxLength(6));
  }
}
