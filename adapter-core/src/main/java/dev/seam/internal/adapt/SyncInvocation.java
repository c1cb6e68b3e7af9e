package dev.seam.internal.adapt;

import dev.seam.CallContext;
import dev.seam.SeamCallable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One call of a sync method, run on a seam worker. The method's own exception is rethrown as it is,
 * so it becomes the cause of the future's {@code SeamCallException} with no reflection layer in
 * between. Its {@code toString} names the method but never the arguments, which may be secrets.
 */
final class SyncInvocation implements SeamCallable<Object> {
  private final Object target;
  private final Method method;
  private final Object[] args;
  private final String description;

  SyncInvocation(Object target, Method method, Object[] args, String description) {
    this.target = target;
    this.method = method;
    this.args = args;
    this.description = description;
  }

  @Override
  public Object call(CallContext call) throws Exception {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable thrown = e.getCause();
      if (thrown instanceof Exception ex) {
        throw ex;
      }
      if (thrown instanceof Error err) {
        throw err;
      }
      throw e;
    } catch (IllegalArgumentException e) {
      // Only a null argument for a primitive parameter gets here; the types were checked.
      throw new IllegalArgumentException(
          description + " cannot take these arguments: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
