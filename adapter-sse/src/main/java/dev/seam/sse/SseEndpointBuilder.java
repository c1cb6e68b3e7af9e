package dev.seam.sse;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.sse.internal.SseConfig;
import dev.seam.sse.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configures an {@link SseEndpoint}. Every option states its default; {@link #build()} checks the
 * values and names a bad one. Not thread-safe; build once and share the endpoint.
 *
 * @since 0.1
 */
public final class SseEndpointBuilder {
  private static final int DEFAULT_WRITER_THREADS =
      Math.max(2, Runtime.getRuntime().availableProcessors());
  static final int DEFAULT_SOCKET_SEND_BUFFER = 16 * 1024;

  private final Seam seam;
  private String name;
  private SeamClock clock;
  private Duration keepAlive = Duration.ofSeconds(15);
  private int bufferCapacity = 64;
  private SseOverflow overflow = SseOverflow.BLOCK;
  private Duration writeDeadline = Duration.ofSeconds(10);
  private Duration streamTimeout = Duration.ofMinutes(30);
  private Integer maxStreams; // null: the seam's maxConcurrency
  private int maxStreamsPerKey = Integer.MAX_VALUE;
  private Function<SseRequest, String> key;
  private SseRefusal refusal = SseRefusal.RETRY_STREAM;
  private Duration retryAfter = Duration.ofSeconds(5);
  private Function<Throwable, SseEvent> errorEvent =
      t -> SseEvent.of("seam-error", "stream failed");
  private int stopAfterFailures = 3;
  private SseEvent farewell;
  private Duration shutdownGrace = Duration.ofSeconds(5);
  private int writerThreads = DEFAULT_WRITER_THREADS;
  private int socketSendBuffer = DEFAULT_SOCKET_SEND_BUFFER;
  private String heartbeatEvent;

  SseEndpointBuilder(Seam seam) {
    this.seam = Objects.requireNonNull(seam, "seam");
    this.name = seam.name();
  }

  /**
   * Names the endpoint's threads and log lines. Default: the seam's name.
   *
   * @param name not empty
   * @return this builder
   */
  public SseEndpointBuilder name(String name) {
    this.name = name;
    return this;
  }

  /**
   * The clock for keep-alives, write deadlines and blocked sends. Default: the system clock with
   * one timer thread owned by the endpoint. Tests pass a {@code ManualClock}.
   *
   * @param clock the clock; the endpoint never closes it
   * @return this builder
   */
  public SseEndpointBuilder clock(SeamClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * How long a stream may be idle before a keep-alive comment is written. Default: 15 s. It is also
   * how soon a client that closed its connection is noticed (a reset answers the keep-alive). The
   * stream is looked at every half interval, and one that flushed two writes since the last look
   * (two events, say) gets no comment: those writes found a closed client as a keep-alive would, so
   * streams that send events cost no keep-alive writes. An idle stream gets one comment per
   * interval. Keep-alives of all streams are timed on the endpoint's one timer thread.
   *
   * @param interval positive
   * @return this builder
   */
  public SseEndpointBuilder keepAlive(Duration interval) {
    this.keepAlive = interval;
    return this;
  }

  /**
   * Sends each keep-alive as an event of this name instead of a comment. Default: none (comments).
   *
   * <p>A comment keeps proxies and the server's disconnect check going but is invisible to page
   * code. An application with its own watchdog ("no data for 45 s: reconnect") would then reconnect
   * healthy streams that are merely quiet; with a heartbeat event the watchdog sees one every
   * {@link #keepAlive} interval of silence (on a stream that sends events, the events themselves):
   *
   * <pre>{@code
   * let es, watchdog;
   * function connect() {
   *   es = new EventSource("/jobs/42/events");
   *   const feed = () => { clearTimeout(watchdog); watchdog = setTimeout(reconnect, 45_000); };
   *   es.addEventListener("open", feed);
   *   es.addEventListener("heartbeat", feed); // this name
   *   es.addEventListener("progress", e => { feed(); show(e.data); });
   * }
   * function reconnect() { es.close(); connect(); }
   * connect();
   * }</pre>
   *
   * <p>Set the watchdog to a few intervals (three keep-alives of 15 s: 45 s). The event is {@code
   * event: <name>} with empty data and no id: the id a reconnecting client sends stays the last
   * real event's. Note that a reconnect made by hand (a new {@code EventSource}) does not send
   * {@code Last-Event-ID}; pass the last id in the URL if the stream must resume (see the README's
   * resume-after-reload pattern).
   *
   * @param name an event name without CR, LF or NUL, other than {@code message}, {@code open} and
   *     {@code error} (which {@code EventSource} dispatches to its own handlers); null for comments
   * @return this builder
   * @since 0.1
   */
  public SseEndpointBuilder heartbeatEvent(String name) {
    this.heartbeatEvent = name;
    return this;
  }

  /**
   * Events queued per stream between producer and client. Default: 64.
   *
   * @param events at least 1
   * @return this builder
   */
  public SseEndpointBuilder bufferCapacity(int events) {
    this.bufferCapacity = events;
    return this;
  }

  /**
   * What a full buffer does. Default: {@link SseOverflow#BLOCK}.
   *
   * @param policy the policy
   * @return this builder
   */
  public SseEndpointBuilder overflow(SseOverflow policy) {
    this.overflow = Objects.requireNonNull(policy, "overflow");
    return this;
  }

  /**
   * How long one write, or a send blocked on a full buffer, may take before the client counts as
   * gone and the stream closes. Default: 10 s.
   *
   * <p>It bounds how long a client that stops reading (or vanished without closing) keeps its
   * stream once the socket buffers between it and the server are full: the write that waits, an
   * event or a keep-alive, ends the stream and cancels its producer at this deadline, while the
   * other streams go on (on a Servlet container the waiting write holds no thread). A busy stream
   * fills those buffers within moments. An idle one fills them only with keep-alives, a few bytes
   * an interval, which with the kernel's default buffers takes days. For an idle stream the bounds
   * are then: a host that vanished (no FIN, no acknowledgements) is given up by TCP itself after
   * its retransmission limit (about 15 min with Linux's default {@code tcp_retries2}) and the next
   * keep-alive fails; a client that is alive but never reads acknowledges with a zero window
   * forever, and only the {@link #streamTimeout stream timeout} ends it.
   *
   * @param deadline positive
   * @return this builder
   */
  public SseEndpointBuilder writeDeadline(Duration deadline) {
    this.writeDeadline = deadline;
    return this;
  }

  /**
   * The longest a stream runs: its producer's seam deadline. At the deadline the producer is
   * cancelled and the stream ends cleanly; the client reconnects with its last id. Default: 30 min.
   * It is also the bound on how long an idle stream to a vanished client (no FIN, no reset, which
   * keep-alives alone cannot reveal quickly) keeps its seam worker and its slot: shorten it where
   * clients may vanish behind NAT or mobile networks, at the cost of a reconnect per healthy client
   * per timeout. The seam's slow-call warning is off for producers: a long-lived stream is not a
   * slow call. Subscribers served straight from a {@link SseBroadcaster} have no producer and no
   * such deadline: they last until the client leaves, the broadcaster closes or the endpoint shuts
   * down.
   *
   * @param timeout positive
   * @return this builder
   */
  public SseEndpointBuilder streamTimeout(Duration timeout) {
    this.streamTimeout = timeout;
    return this;
  }

  /**
   * The most streams open at once; beyond it requests are refused as {@link #refusal} says. Each
   * stream with a producer holds a worker of the seam while it is open, so no more of them than the
   * seam's {@code maxConcurrency} are ever open, whatever this says: while every worker is held by
   * a stream, a new request is refused at once rather than left waiting in the seam's queue without
   * headers, and the first such refusal below this cap is logged as a warning. Subscribers of a
   * {@link SseBroadcaster} served with {@code new SseServlet(endpoint, broadcaster)} hold no
   * worker, so a broadcast endpoint may set this far above the seam's {@code maxConcurrency}.
   * Default: the seam's {@code maxConcurrency}.
   *
   * @param max at least 1
   * @return this builder
   */
  public SseEndpointBuilder maxStreams(int max) {
    this.maxStreams = max;
    return this;
  }

  /**
   * The most streams open at once per key (a user, a job); beyond it requests are refused as {@link
   * #refusal} says. Default: no per-key cap.
   *
   * @param max at least 1
   * @param key the key of a request, for example {@code r -> r.header("X-User").orElse("")}
   * @return this builder
   */
  public SseEndpointBuilder maxStreamsPerKey(int max, Function<SseRequest, String> key) {
    this.maxStreamsPerKey = max;
    this.key = Objects.requireNonNull(key, "key");
    return this;
  }

  /**
   * How a request the endpoint cannot serve now is answered: an open-stream cap reached, no seam
   * worker free for another stream (or the seam refusing the call), or the endpoint shutting down.
   * Default: {@link SseRefusal#RETRY_STREAM}, a 200 stream with a jittered {@code retry:} hint that
   * then ends, because browsers give up for good on any other status; {@link SseRefusal#STATUS_503}
   * for clients that are not browsers.
   *
   * @param refusal the answer
   * @return this builder
   */
  public SseEndpointBuilder refusal(SseRefusal refusal) {
    this.refusal = Objects.requireNonNull(refusal, "refusal");
    return this;
  }

  /**
   * When a refused client should come back: the base of the {@code retry:} hint of a {@link
   * SseRefusal#RETRY_STREAM} refusal (which adds up to half of it again at random), or the {@code
   * Retry-After} of a {@link SseRefusal#STATUS_503} one, in whole seconds (at least 1). Default: 5
   * s.
   *
   * @param delay positive
   * @return this builder
   */
  public SseEndpointBuilder retryAfter(Duration delay) {
    this.retryAfter = delay;
    return this;
  }

  /**
   * The final event after a producer fails mid-stream. Default: {@code event: seam-error} with data
   * {@code stream failed}: no exception text or stack trace reaches the client (the server logs
   * them at WARN). Not named {@code error}: that is the name of {@code EventSource}'s own
   * connection-error event, so {@code onerror} would receive the server's event as if the
   * connection had failed. Listen with {@code es.addEventListener("seam-error", ...)}. The event's
   * id is always replaced by the failure marker described at {@link #stopAfterFailures}.
   *
   * @param errorEvent maps the producer's exception to the event
   * @return this builder
   */
  public SseEndpointBuilder errorEvent(Function<Throwable, SseEvent> errorEvent) {
    this.errorEvent = Objects.requireNonNull(errorEvent, "errorEvent");
    return this;
  }

  /**
   * After this many of one client's streams in a row ended with the failure event, its next
   * reconnect is answered 204, which tells an {@code EventSource} to stop reconnecting: a producer
   * that fails every time is not retried forever. The client is recognised by the id of the failure
   * event, {@code seam-error:<n>:<previous id>}, which it sends back as {@code Last-Event-ID};
   * producers see the previous id in {@link SseRequest#lastEventId()}, so resuming works as before.
   * A stream that sends an event with an id of its own resets the count. Default: 3.
   *
   * @param failures at least 1
   * @return this builder
   */
  public SseEndpointBuilder stopAfterFailures(int failures) {
    this.stopAfterFailures = failures;
    return this;
  }

  /**
   * The last event of every stream at shutdown (of the endpoint or the seam), for example with a
   * {@link SseEvent#retry retry} hint so clients come back after a restart. Default: none.
   *
   * @param farewell the event
   * @return this builder
   */
  public SseEndpointBuilder farewell(SseEvent farewell) {
    this.farewell = Objects.requireNonNull(farewell, "farewell");
    return this;
  }

  /**
   * How long {@link SseEndpoint#close()} waits for streams to write their last events before
   * aborting them. Default: 5 s.
   *
   * @param grace zero or positive
   * @return this builder
   */
  public SseEndpointBuilder shutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
    return this;
  }

  /**
   * The endpoint's writer threads ({@code seam-sse-<name>-writer-<n>}), shared by all its streams.
   * Default: the number of processors, at least 2.
   *
   * <p>At scale: on a Servlet container writes never block (the output stream's {@code
   * WriteListener} resumes a stream when its client can take more), so a stream holds a writer only
   * while it has bytes the socket takes at once; a client that stops reading parks no thread, and
   * the default suffices for thousands of streams. The JDK {@code HttpServer} offers only blocking
   * writes: a client that stops reading holds one writer in its write until the {@link
   * #writeDeadline write deadline} closes it, so up to this many stuck clients at once can delay
   * the others by up to the write deadline. Raise it there to tolerate more of them, or serve many
   * streams from a Servlet container.
   *
   * @param threads at least 1
   * @return this builder
   * @since 0.1
   */
  public SseEndpointBuilder writerThreads(int threads) {
    this.writerThreads = threads;
    return this;
  }

  /**
   * The kernel send buffer of each stream's socket, where the server lets Seam set it: on Jetty 12
   * over HTTP/1.x, {@link SseServlet} sets {@code SO_SNDBUF} on the connection when the stream is
   * admitted. Default: 16 KiB; 0 leaves the socket as the server made it.
   *
   * <p>Why: a client that stops reading is found only when a write has waited for the {@link
   * #writeDeadline write deadline}, and a write waits only once every buffer between the stream and
   * the client is full. Left to itself, Linux grows a socket's send buffer up to 4 MiB ({@code
   * tcp_wmem}), which a stream of 10 events a second fills in hours, not seconds. With this buffer,
   * what a client that stops reading can take unread is about: this buffer (the kernel counts its
   * own overhead in it, so it holds somewhat less payload), plus the client's receive window (64 to
   * 128 KiB for a browser on Linux's defaults, as little as 4 KiB for a client that sets {@code
   * SO_RCVBUF}), plus Jetty's output buffer and the stream's {@link #bufferCapacity buffer}. Once
   * that is full the stream is closed and its producer cancelled at the write deadline: at {@code
   * r} bytes a second the bound is about {@code (that total) / r + writeDeadline}. The cost: a
   * stream's throughput is at most this buffer per round trip (16 KiB at 100 ms is 160 KiB/s),
   * which a catch-up of thousands of events over a slow link feels first; raise it for that, or set
   * 0.
   *
   * <p>Where it does not apply: HTTP/2 (one socket carries many streams; there the flow-control
   * window of the stream, set on the server, bounds it), other Servlet containers and the JDK
   * {@code HttpServer}, which expose no socket; size their accepted sockets' send buffers in the
   * server's own settings (Jetty's {@code ServerConnector.setAcceptedSendBufferSize}, Tomcat's
   * {@code socket.txBufSize}) for the same bound. A connection keeps the buffer after its stream
   * ends.
   *
   * @param bytes 0, or at least 4096
   * @return this builder
   * @since 0.1
   */
  public SseEndpointBuilder socketSendBuffer(int bytes) {
    this.socketSendBuffer = bytes;
    return this;
  }

  /**
   * Checks the settings and starts the endpoint's threads.
   *
   * @return the endpoint
   * @throws IllegalArgumentException naming the first bad setting and its value
   */
  public SseEndpoint build() {
    if (name == null || name.isBlank()) { // as Seam.builder: a blank name names nothing in a log
      throw new IllegalArgumentException("name is empty: '" + name + "'");
    }
    positive("keepAlive", keepAlive);
    positive("writeDeadline", writeDeadline);
    positive("streamTimeout", streamTimeout);
    positive("retryAfter", retryAfter);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace < 0: " + shutdownGrace);
    }
    atLeastOne("bufferCapacity", bufferCapacity);
    int streamCap = maxStreams == null ? seam.stats().maxConcurrency() : maxStreams;
    atLeastOne("maxStreams", streamCap);
    atLeastOne("maxStreamsPerKey", maxStreamsPerKey);
    atLeastOne("stopAfterFailures", stopAfterFailures);
    atLeastOne("writerThreads", writerThreads);
    checkHeartbeat(heartbeatEvent);
    if (socketSendBuffer != 0 && socketSendBuffer < 4096) {
      throw new IllegalArgumentException(
          "socketSendBuffer neither 0 nor at least 4096: " + socketSendBuffer);
    }
    SseConfig config =
        new SseConfig(
            name,
            seam,
            clock,
            keepAlive,
            bufferCapacity,
            overflow,
            writeDeadline,
            streamTimeout,
            streamCap,
            maxStreamsPerKey,
            key,
            refusal,
            retryAfter,
            errorEvent,
            stopAfterFailures,
            farewell,
            shutdownGrace,
            writerThreads,
            heartbeatEvent,
            socketSendBuffer);
    return new SseEndpoint(new Streams(config), config.name());
  }

  private static void checkHeartbeat(String name) {
    if (name == null) {
      return;
    }
    if (name.isEmpty() || name.equals("message") || name.equals("open") || name.equals("error")) {
      throw new IllegalArgumentException(
          "heartbeatEvent is empty or one of EventSource's own events: '" + name + "'");
    }
    try {
      SseEvent.of(name, "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("heartbeatEvent: " + e.getMessage(), e);
    }
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " <= 0: " + d);
    }
  }

  private static void atLeastOne(String what, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " < 1: " + n);
    }
  }
}
