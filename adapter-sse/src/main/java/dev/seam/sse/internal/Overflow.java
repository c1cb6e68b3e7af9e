package dev.seam.sse.internal;

import java.io.IOException;

/** A full buffer closed the stream (policy DISCONNECT, or BLOCK past the write deadline). */
final class Overflow extends IOException {
  private static final long serialVersionUID = 1L;

  Overflow(String message) {
    super(message);
  }
}
