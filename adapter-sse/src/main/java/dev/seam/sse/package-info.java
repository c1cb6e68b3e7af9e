/**
 * Server-Sent Events delivered from ordinary blocking code running on a {@link dev.seam.Seam}.
 *
 * <p>Start with {@link dev.seam.sse.SseEndpoint}, write a {@link dev.seam.sse.SseProducer}, and put
 * it on a server with {@link dev.seam.sse.SseServlet} or {@link dev.seam.sse.SseHttpHandler}.
 */
package dev.seam.sse;
