package dev.seam.spring.boot.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A {@code @SeamAsync} method Seam cannot run; {@link SeamAsyncFailureAnalyzer} turns it into a
 * start-up report naming the method.
 */
public final class SeamAsyncDeclarationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param method the declaring method
   * @param problem what is wrong with it, as a clause ("it returns ...")
   */
  public SeamAsyncDeclarationException(Method method, String problem) {
    this(describe(method), problem);
  }

  private SeamAsyncDeclarationException(String method, String problem) {
    super("@SeamAsync method " + method + " cannot run on a lane: " + problem);
    this.method = method;
    this.problem = problem;
  }

  /**
   * Names a method as {@code com.example.Reports.monthly(java.time.YearMonth)}.
   *
   * @param method the method
   * @return its name
   */
  static String describe(Method method) {
    return method.getDeclaringClass().getName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getTypeName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * The method, as {@code class.name(parameter types)}.
   *
   * @return the method's name
   */
  public String method() {
    return method;
  }

  /**
   * What is wrong with it.
   *
   * @return a clause such as {@code "lane 'orders' is no Seam bean"}
   */
  public String problem() {
    return problem;
  }
}
