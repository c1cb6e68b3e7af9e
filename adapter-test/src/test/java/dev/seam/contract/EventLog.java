package dev.seam.contract;

import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A listener that records every event, by the call's description. Thread-safe. */
final class EventLog implements SeamListener {
  private final List<SeamEvent> all = new CopyOnWriteArrayList<>();
  private final Map<String, List<SeamEvent.Kind>> byCall = new ConcurrentHashMap<>();

  private void record(SeamEvent e) {
    all.add(e);
    byCall
        .computeIfAbsent(String.valueOf(e.description()), k -> new CopyOnWriteArrayList<>())
        .add(e.kind());
  }

  @Override
  public void queued(SeamEvent e) {
    record(e);
  }

  @Override
  public void started(SeamEvent e) {
    record(e);
  }

  @Override
  public void succeeded(SeamEvent e) {
    record(e);
  }

  @Override
  public void failed(SeamEvent e) {
    record(e);
  }

  @Override
  public void timedOut(SeamEvent e) {
    record(e);
  }

  @Override
  public void cancelled(SeamEvent e) {
    record(e);
  }

  @Override
  public void rejected(SeamEvent e) {
    record(e);
  }

  @Override
  public void abandoned(SeamEvent e) {
    record(e);
  }

  @Override
  public void abandonedReturned(SeamEvent e) {
    record(e);
  }

  /** The kinds one call produced, in the order they arrived. */
  List<SeamEvent.Kind> of(String description) {
    return new ArrayList<>(byCall.getOrDefault(description, List.of()));
  }

  List<SeamEvent> events() {
    return List.copyOf(all);
  }

  Map<String, List<SeamEvent.Kind>> byCall() {
    return byCall.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
  }

  /** The one event of this kind for this call. */
  SeamEvent only(String description, SeamEvent.Kind kind) {
    List<SeamEvent> found =
        all.stream()
            .filter(e -> description.equals(e.description()) && e.kind() == kind)
            .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " " + kind + " events for " + description);
    }
    return found.get(0);
  }
}
