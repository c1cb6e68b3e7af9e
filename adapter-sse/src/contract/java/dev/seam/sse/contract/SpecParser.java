package dev.seam.sse.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHATWG HTML "interpreting an event stream" algorithm, written from the spec text, so the
 * tests check the wire format against what a browser would dispatch rather than against our own
 * writer.
 */
public final class SpecParser {
  /** A dispatched event as the client sees it. */
  public record Dispatched(String type, String data, String lastEventId) {}

  private final List<Dispatched> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final StringBuilder data = new StringBuilder();
  private String eventType = "";
  private String lastEventId = "";
  private long retry = -1;
  private final StringBuilder line = new StringBuilder();
  private boolean lastWasCr;

  public static List<Dispatched> parse(String stream) {
    SpecParser p = new SpecParser();
    p.feed(stream);
    return p.events;
  }

  public void feed(String chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = c == '\r';
      if (c == '\r' || c == '\n') {
        processLine(line.toString());
        line.setLength(0);
      } else {
        line.append(c);
      }
    }
  }

  public List<Dispatched> events() {
    return events;
  }

  public List<String> comments() {
    return comments;
  }

  public long retry() {
    return retry;
  }

  private void processLine(String l) {
    if (l.isEmpty()) {
      dispatch();
      return;
    }
    if (l.startsWith(":")) {
      comments.add(l.substring(1));
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> eventType = value;
      case "data" -> data.append(value).append('\n');
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
          retry = Long.parseLong(value);
        }
      }
      default -> {}
    }
  }

  private void dispatch() {
    if (data.length() == 0) {
      eventType = "";
      return;
    }
    String d = data.substring(0, data.length() - 1);
    events.add(new Dispatched(eventType.isEmpty() ? "message" : eventType, d, lastEventId));
    data.setLength(0);
    eventType = "";
  }
}
