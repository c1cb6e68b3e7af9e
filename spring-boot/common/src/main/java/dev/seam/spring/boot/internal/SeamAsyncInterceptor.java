package dev.seam.spring.boot.internal;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.beans.factory.BeanFactory;

/**
 * Runs a {@code @SeamAsync} method's body as a call on its lane and returns the lane's future.
 *
 * <p>Thread-safe. The proxy's caller only submits; the rest of the interceptor chain, the body and
 * the wait for the body's own future run on the lane's worker. Each method's lane and timeout are
 * resolved on its first call (they were checked at start-up) and kept.
 */
public final class SeamAsyncInterceptor implements MethodInterceptor {
  // Set only around the body on the worker, so a cancel hook can be registered from inside it.
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final BeanFactory beans;
  private final Map<Method, Plan> plans = new ConcurrentHashMap<>();

  /**
   * Creates the interceptor.
   *
   * @param beans where the lanes are
   */
  public SeamAsyncInterceptor(BeanFactory beans) {
    this.beans = beans;
  }

  /**
   * The call whose body runs on this thread.
   *
   * @return its context, or null
   */
  public static CallContext current() {
    return CURRENT.get();
  }

  @Override
  public Object invoke(MethodInvocation invocation) {
    Plan plan = plans.computeIfAbsent(invocation.getMethod(), this::plan);
    SeamCallable<Object> body = call -> run(invocation, call);
    return plan.timeout == null ? plan.lane.call(body) : plan.lane.call(plan.timeout, body);
  }

  private Plan plan(Method method) {
    SeamAsyncMethod declared = SeamAsyncMethod.of(method);
    return new Plan(beans.getBean(declared.lane(), Seam.class), declared.timeout());
  }

  private static Object run(MethodInvocation invocation, CallContext call) throws Exception {
    Object returned;
    CallContext outer = CURRENT.get();
    CURRENT.set(call);
    try {
      returned = invocation.proceed();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
    return returned == null ? null : await(((CompletionStage<?>) returned).toCompletableFuture());
  }

  // The body is sync code and has usually returned a completed future. One still running is
  // waited for here, on the worker, so the lane's bound and deadline still cover it; an interrupt
  // (the call was cancelled) cancels it.
  private static Object await(CompletableFuture<?> result) throws Exception {
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private record Plan(Seam lane, Duration timeout) {}

  @Override
  public String toString() {
    return "SeamAsyncInterceptor" + plans.keySet();
  }
}
