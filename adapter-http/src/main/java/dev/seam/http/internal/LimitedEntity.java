package dev.seam.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * An Apache response entity whose content fails past a limit. The abort runs first so that closing
 * the response shuts the connection instead of draining the rest of an oversized body.
 */
public final class LimitedEntity extends HttpEntityWrapper {
  private final long limit;
  private final Runnable abort;

  /**
   * Wraps an entity.
   *
   * @param entity the response entity
   * @param limit the most bytes allowed
   * @param abort shuts the connection down
   */
  public LimitedEntity(HttpEntity entity, long limit, Runnable abort) {
    super(entity);
    this.limit = limit;
    this.abort = abort;
  }

  @Override
  public InputStream getContent() throws IOException {
    return new LimitedInputStream(super.getContent(), limit, abort);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = getContent()) {
      in.transferTo(out);
    }
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }
}
