package dev.seam.spring.boot.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Serves a controller's {@link CompletionStage} as Spring MVC does (a {@code DeferredResult}), and
 * also cancels it ({@code cancel(true)}) when the request ends without its result: the MVC async
 * timeout fired, the container reported an error (the client went away), or the response completed
 * otherwise. The timeout still answers 503, as Spring does. For a seam's future, the cancel runs
 * its cancel hooks ({@code Statement.cancel()}, an aborted exchange). Plain Spring leaves the work
 * running.
 *
 * <p>The stage the controller returns is cancelled; when it derives from a seam's future ({@code
 * call(...).thenApply(...)}), that cancel reaches the call too, as Seam documents for derived
 * stages (not through {@code thenCombine}, {@code copy()} or {@code minimalCompletionStage()}).
 *
 * <p>Neither Tomcat nor Jetty tells an idle async request that its client has gone (each watches
 * the socket only when the request reads or writes), so the MVC async timeout is what cancels a
 * call whose client left; keep {@code spring.mvc.async.request-timeout} short for such endpoints.
 *
 * <p>Thread-safe. The cancel runs on the container thread that reports the timeout or error.
 */
public final class CancellingFutureHandler implements HandlerMethodReturnValueHandler {

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
    var unused =
        future.whenComplete(
            (value, failure) -> {
              if (failure != null) {
                result.setErrorResult(unwrap(failure));
              } else {
                result.setResult(value);
              }
            });
    result.onTimeout(
        () -> {
          // The answer is Spring's timeout answer (503), not the cancellation that follows.
          result.setErrorResult(new AsyncRequestTimeoutException());
          future.cancel(true);
        });
    result.onError(failure -> future.cancel(true));
    result.onCompletion(() -> future.cancel(true)); // does nothing once the future is done
    WebAsyncUtils.getAsyncManager(webRequest).startDeferredResultProcessing(result, mav);
  }

  // As Spring's own handler: the error handlers see the cause, not the wrapper.
  private static Throwable unwrap(Throwable t) {
    return (t instanceof CompletionException || t instanceof ExecutionException)
            && t.getCause() != null
        ? t.getCause()
        : t;
  }
}
