package dev.seam.spring.boot.internal;

import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseProducer;
import dev.seam.sse.SseServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Serves an {@link SseProducer} that a controller returns as Seam's Server-Sent Events on the
 * application's {@link SseEndpoint}: keep-alive, {@code Last-Event-ID} for resume, bounded buffers,
 * real statuses before the first event, and the farewell at shutdown. The request goes through
 * {@link SseServlet}, which starts Servlet async itself; Spring MVC sees the request as handled.
 * Thread-safe.
 */
public final class SseProducerHandler implements HandlerMethodReturnValueHandler {
  private final Supplier<SseEndpoint> endpoint;

  /**
   * Creates the handler.
   *
   * @param endpoint gives the endpoint, looked up at the first stream
   */
  public SseProducerHandler(Supplier<SseEndpoint> endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public boolean supportsReturnType(MethodParameter returnType) {
    return SseProducer.class.isAssignableFrom(returnType.getParameterType());
  }

  @Override
  public void handleReturnValue(
      Object returnValue,
      MethodParameter returnType,
      ModelAndViewContainer mav,
      NativeWebRequest webRequest)
      throws Exception {
    mav.setRequestHandled(true);
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
    if (returnValue == null || request == null || response == null) {
      if (response != null) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
      return;
    }
    new SseServlet(endpoint.get(), (SseProducer) returnValue).service(request, response);
  }
}
