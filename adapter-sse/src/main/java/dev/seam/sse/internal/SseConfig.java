package dev.seam.sse.internal;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import dev.seam.sse.SseRefusal;
import dev.seam.sse.SseRequest;
import java.time.Duration;
import java.util.function.Function;

/**
 * An endpoint's validated settings.
 *
 * @param name names threads and log lines
 * @param seam runs producers
 * @param clock drives keep-alives and deadlines, or null for the endpoint's own timer
 * @param keepAlive idle time before a keep-alive comment
 * @param bufferCapacity events queued per stream
 * @param overflow the policy when the buffer is full
 * @param writeDeadline how long a write or a blocked send may take
 * @param streamTimeout the producer call's seam deadline
 * @param maxStreams open streams in total
 * @param maxStreamsPerKey open streams per key, when {@code key} is set
 * @param key groups streams for the per-key cap, or null
 * @param refusal how requests the endpoint cannot serve now are answered
 * @param retryAfter the base of the come-back-later hint
 * @param errorEvent the final event after a producer failure
 * @param stopAfterFailures failed streams in a row after which a client's reconnect gets 204
 * @param farewell the last event at shutdown, or null
 * @param shutdownGrace how long shutdown waits for streams to end
 * @param writerThreads the endpoint's writer threads, shared by all its streams
 * @param heartbeatEvent the name of the event sent instead of a keep-alive comment, or null for
 *     comments
 * @param socketSendBuffer the kernel send buffer of a stream's socket where the server lets Seam
 *     set it, in bytes, or 0 to leave the socket as it is
 */
public record SseConfig(
    String name,
    Seam seam,
    SeamClock clock,
    Duration keepAlive,
    int bufferCapacity,
    SseOverflow overflow,
    Duration writeDeadline,
    Duration streamTimeout,
    int maxStreams,
    int maxStreamsPerKey,
    Function<SseRequest, String> key,
    SseRefusal refusal,
    Duration retryAfter,
    Function<Throwable, SseEvent> errorEvent,
    int stopAfterFailures,
    SseEvent farewell,
    Duration shutdownGrace,
    int writerThreads,
    String heartbeatEvent,
    int socketSendBuffer) {}
