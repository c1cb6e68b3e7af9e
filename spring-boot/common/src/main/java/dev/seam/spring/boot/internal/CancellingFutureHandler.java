package dev.seam.spring.boot.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Serves a controller's {@link CompletionStage} as Spring MVC does (a {@code DeferredResult}), and
 * also cancels it ({@code cancel(true)}) when the request ends without its result: the MVC async
 * timeout fired, the container reported an error (the client went away), or the response completed
 * otherwise, or the client closed its connection while the request waited. The timeout still
 * answers 503, as Spring does; a request whose client left gets no answer (Spring's {@link
 * AsyncRequestNotUsableException}, which it treats as a client gone). For a seam's future, the
 * cancel runs its cancel hooks ({@code Statement.cancel()}, an aborted exchange). Plain Spring
 * leaves the work running.
 *
 * <p>The stage the controller returns is cancelled; when it derives from a seam's future ({@code
 * call(...).thenApply(...)}), that cancel reaches the call too, as Seam documents for derived
 * stages (not through {@code thenCombine}, {@code copy()} or {@code minimalCompletionStage()}).
 *
 * <p>Neither Tomcat nor Jetty tells an idle async request that its client has gone (each reads the
 * socket only when the request reads or writes), so {@link ClientDisconnects} watches the
 * connection of each waiting request, where {@link ServerSockets} can reach it (plain HTTP/1.x on
 * Tomcat's NIO connector or Jetty). Elsewhere the MVC async timeout is what cancels a call whose
 * client left.
 *
 * <p>Thread-safe. The cancel runs on the container thread that reports the timeout or error, or on
 * the watcher's thread when the client leaves.
 */
public final class CancellingFutureHandler implements HandlerMethodReturnValueHandler {
  private final ClientDisconnects disconnects;

  /**
   * Creates the handler.
   *
   * @param disconnects watches the connection of each waiting request, or null not to watch
   */
  public CancellingFutureHandler(ClientDisconnects disconnects) {
    this.disconnects = disconnects;
  }

  @Override
  public boolean supportsReturnType(MethodParameter returnType) {
    return CompletionStage.class.isAssignableFrom(returnType.getParameterType());
  }

  @Override
  public void handleReturnValue(
      Object returnValue,
      MethodParameter returnType,
      ModelAndViewContainer mav,
      NativeWebRequest webRequest)
      throws Exception {
    if (returnValue == null) {
      mav.setRequestHandled(true);
      return;
    }
    CompletableFuture<?> future = ((CompletionStage<?>) returnValue).toCompletableFuture();
    DeferredResult<Object> result = new DeferredResult<>();
    AtomicBoolean clientLeft = new AtomicBoolean();
    ClientDisconnects.Watch watch =
        watch(
            webRequest,
            future,
            () -> {
              clientLeft.set(true);
              future.cancel(true);
            });
    var unused =
        future.whenComplete(
            (value, failure) -> {
              watch.close();
              if (clientLeft.get()) {
                // Nobody to answer: Spring writes nothing for this one and logs no error.
                result.setErrorResult(
                    new AsyncRequestNotUsableException("The client closed its connection"));
              } else if (failure != null) {
                result.setErrorResult(unwrap(failure));
              } else {
                result.setResult(value);
              }
            });
    result.onTimeout(
        () -> {
          watch.close();
          // The answer is Spring's timeout answer (503), not the cancellation that follows.
          result.setErrorResult(new AsyncRequestTimeoutException());
          future.cancel(true);
        });
    result.onError(
        failure -> {
          watch.close();
          future.cancel(true);
        });
    result.onCompletion(
        () -> {
          watch.close();
          future.cancel(true); // does nothing once the future is done
        });
    WebAsyncUtils.getAsyncManager(webRequest).startDeferredResultProcessing(result, mav);
  }

  private ClientDisconnects.Watch watch(
      NativeWebRequest webRequest, CompletableFuture<?> future, Runnable onGone) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    if (disconnects == null || request == null || future.isDone()) {
      return ClientDisconnects.Watch.NONE;
    }
    SocketChannel channel = ServerSockets.channel(request);
    return channel == null ? ClientDisconnects.Watch.NONE : disconnects.watch(channel, onGone);
  }

  // As Spring's own handler: the error handlers see the cause, not the wrapper.
  private static Throwable unwrap(Throwable t) {
    return (t instanceof CompletionException || t instanceof ExecutionException)
            && t.getCause() != null
        ? t.getCause()
        : t;
  }
}
