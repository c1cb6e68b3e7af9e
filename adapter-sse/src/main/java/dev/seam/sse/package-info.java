/**
 * Server-Sent Events delivered from ordinary blocking code running on a {@link dev.seam.Seam}.
 *
 * <p>Start with {@link dev.seam.sse.SseEndpoint}, write a {@link dev.seam.sse.SseProducer}, and put
 * it on a server with {@link dev.seam.sse.SseServlet} or {@link dev.seam.sse.SseHttpHandler}.
 *
 * <p>Shutdown: close the endpoint before the server closes its connections, so that every stream
 * gets its farewell. On embedded Jetty 12 that is one line, {@link
 * dev.seam.sse.SseJettyShutdown#closeBeforeConnectors}; its javadoc gives the Tomcat and Spring
 * Boot wiring.
 */
package dev.seam.sse;
