package dev.seam.sse.internal;

import dev.seam.SeamClock;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Drives an {@link EventBuffer} directly, standing in for producer and writer. */
public final class BufferProbe {
  private final EventBuffer buffer;
  private final SseOverflow policy;
  private final SeamClock clock;

  public BufferProbe(int capacity, SseOverflow policy, SeamClock clock) {
    this.buffer = new EventBuffer(capacity);
    this.policy = policy;
    this.clock = clock;
  }

  public void offer(SseEvent e) throws IOException {
    buffer.offer(Item.event(e.event(), WireFormat.encode(e)), policy, clock, 10_000_000_000L);
  }

  public void offerUnchecked(String data) {
    try {
      offer(SseEvent.of(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes everything queued and returns each event's data line values. */
  public List<String> drainData() {
    List<String> out = new ArrayList<>();
    Item item;
    while ((item = buffer.poll()) != null) {
      String s = new String(item.bytes, StandardCharsets.UTF_8);
      int i = s.indexOf("data: ");
      out.add(s.substring(i + 6, s.indexOf('\n', i)));
    }
    return out;
  }

  public int maxQueued() {
    return buffer.maxQueued();
  }

  public long dropped() {
    return buffer.dropped();
  }
}
