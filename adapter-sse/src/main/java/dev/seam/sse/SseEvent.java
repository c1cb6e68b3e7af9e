package dev.seam.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event: optional {@code event} name, {@code data} (any text, split into {@code
 * data:} lines on CR, LF and CRLF when written), optional {@code id}, optional {@code retry} hint
 * and optional comment.
 *
 * <pre>{@code
 * emitter.send(SseEvent.of("progress", "{\"done\":42}").id(42));
 * }</pre>
 *
 * <p>Immutable and thread-safe; the {@code with}-style methods return copies. The event name and id
 * are checked when set: CR, LF or NUL in them would let a value break out of its field (an
 * injection into the stream), so they are rejected with {@link IllegalArgumentException} naming the
 * field.
 *
 * @since 0.1
 */
public final class SseEvent {
  private final String event;
  private final String data;
  private final String id;
  private final Duration retry;
  private final String comment;

  private SseEvent(String event, String data, String id, Duration retry, String comment) {
    this.event = event;
    this.data = data;
    this.id = id;
    this.retry = retry;
    this.comment = comment;
  }

  /**
   * An unnamed event (the client's {@code message} type) with this data.
   *
   * @param data the payload; line breaks become several {@code data:} lines
   * @return the event
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalArgumentException if {@code data} holds an unpaired surrogate
   */
  public static SseEvent of(String data) {
    return new SseEvent(null, checkText("data", data), null, null, null);
  }

  /**
   * A named event with this data.
   *
   * @param event the event name, without CR, LF or NUL
   * @param data the payload; line breaks become several {@code data:} lines
   * @return the event
   * @throws IllegalArgumentException if {@code event} contains CR, LF or NUL, or either holds an
   *     unpaired surrogate
   */
  public static SseEvent of(String event, String data) {
    return new SseEvent(checkField("event", event), checkText("data", data), null, null, null);
  }

  /**
   * A comment-only block, which clients ignore; useful as a heartbeat or for debugging.
   *
   * @param text the comment; line breaks become several comment lines
   * @return the comment block
   */
  public static SseEvent comment(String text) {
    return new SseEvent(null, null, null, null, checkText("comment", text));
  }

  /**
   * A copy with this id; the client sends it back as {@code Last-Event-ID} when it reconnects.
   *
   * @param id the id, without CR, LF or NUL
   * @return the copy
   * @throws IllegalArgumentException if {@code id} contains CR, LF or NUL or an unpaired surrogate
   */
  public SseEvent id(String id) {
    return new SseEvent(event, data, checkField("id", id), retry, comment);
  }

  /**
   * A copy with this numeric id.
   *
   * @param id the id
   * @return the copy
   */
  public SseEvent id(long id) {
    return new SseEvent(event, data, Long.toString(id), retry, comment);
  }

  /**
   * A copy with a {@code retry:} hint: how long the client waits before reconnecting.
   *
   * @param retry the reconnection delay, zero or positive, written in whole milliseconds
   * @return the copy
   * @throws IllegalArgumentException if {@code retry} is negative
   */
  public SseEvent retry(Duration retry) {
    Objects.requireNonNull(retry, "retry");
    if (retry.isNegative()) {
      throw new IllegalArgumentException("retry < 0: " + retry);
    }
    return new SseEvent(event, data, id, retry, comment);
  }

  /**
   * A copy with a comment written before the fields.
   *
   * @param text the comment
   * @return the copy
   */
  public SseEvent withComment(String text) {
    return new SseEvent(event, data, id, retry, checkText("comment", text));
  }

  /**
   * The event name, or null for an unnamed ({@code message}) event.
   *
   * @return the name or null
   */
  public String event() {
    return event;
  }

  /**
   * The data, or null for a block without data (a comment, or an id or retry alone).
   *
   * @return the data or null
   */
  public String data() {
    return data;
  }

  /**
   * The id, or null.
   *
   * @return the id or null
   */
  public String id() {
    return id;
  }

  /**
   * The retry hint, or null.
   *
   * @return the hint or null
   */
  public Duration retry() {
    return retry;
  }

  /**
   * The comment, or null.
   *
   * @return the comment or null
   */
  public String comment() {
    return comment;
  }

  /**
   * Rejects an unpaired surrogate, which UTF-8 cannot encode: the encoder would silently put a
   * {@code ?} in its place, and the client would get other text than was sent.
   */
  private static String checkText(String field, String value) {
    Objects.requireNonNull(value, field);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                java.util.Locale.ROOT,
                "SSE %s contains an unpaired surrogate (U+%04X at index %d), which UTF-8 cannot"
                    + " encode",
                field,
                (int) c,
                i));
      }
    }
    return value;
  }

  private static String checkField(String field, String value) {
    checkText(field, value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(
            "SSE "
                + field
                + " must not contain CR, LF or NUL (found "
                + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                + " at index "
                + i
                + "): "
                + value.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return "SseEvent{event="
        + event
        + ", id="
        + id
        + ", retry="
        + retry
        + ", data="
        + (data == null ? null : data.length() > 40 ? data.substring(0, 40) + "..." : data)
        + "}";
  }
}
