package dev.seam.sse.internal;

/** One unit of work for a stream's writer: bytes to write, or a control step. */
final class Item {
  enum Kind {
    EVENT,
    KEEP_ALIVE,
    OPEN,
    END
  }

  static final Item KEEP_ALIVE = new Item(Kind.KEEP_ALIVE, null, new byte[0]);
  static final Item OPEN = new Item(Kind.OPEN, null, new byte[0]);
  static final Item END = new Item(Kind.END, null, new byte[0]);

  final Kind kind;
  final String eventName;
  final byte[] bytes;

  private Item(Kind kind, String eventName, byte[] bytes) {
    this.kind = kind;
    this.eventName = eventName;
    this.bytes = bytes;
  }

  static Item event(String eventName, byte[] bytes) {
    return new Item(Kind.EVENT, eventName, bytes);
  }
}
