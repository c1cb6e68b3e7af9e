package dev.seam.sse.internal;

import dev.seam.CallContext;
import dev.seam.sse.SseEmitter;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseRequest;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;

/** The emitter handed to one producer; everything goes to its {@link Connection}. */
public final class Emitter implements SseEmitter {
  private final Connection connection;
  private final CallContext call;

  Emitter(Connection connection, CallContext call) {
    this.connection = connection;
    this.call = call;
  }

  /**
   * The stream behind this emitter, for the broadcaster.
   *
   * @return the connection
   */
  public Connection connection() {
    return connection;
  }

  @Override
  public void send(SseEvent event) throws IOException {
    Objects.requireNonNull(event, "event");
    connection.send(event, connection.streamsConfig().overflow());
  }

  @Override
  public void open() throws IOException {
    connection.open();
  }

  @Override
  public <T> void stream(Flow.Publisher<T> publisher, Function<? super T, SseEvent> toEvent)
      throws Exception {
    PublisherBridge.stream(this, publisher, toEvent);
  }

  @Override
  public SseRequest request() {
    return connection.request();
  }

  @Override
  public CallContext call() {
    return call;
  }

  @Override
  public boolean isOpen() {
    return connection.buffer().isWritable();
  }
}
