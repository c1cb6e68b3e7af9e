package dev.seam.spring.boot.internal;

/**
 * A {@code @SeamAdapter} interface Seam cannot bind; {@link SeamAdapterFailureAnalyzer} turns it
 * into a start-up report naming the interface and its methods.
 */
public final class SeamAdapterDeclarationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param type the interface
   * @param problem what is wrong, as a clause (it may list methods, one a line)
   */
  public SeamAdapterDeclarationException(Class<?> type, String problem) {
    super("@SeamAdapter interface " + type.getName() + " cannot be bound: " + problem);
    this.type = type.getName();
    this.problem = problem;
  }

  /**
   * The interface.
   *
   * @return its fully qualified name
   */
  public String type() {
    return type;
  }

  /**
   * What is wrong with it.
   *
   * @return a clause such as {@code "lane 'pricing' is no Seam bean"}
   */
  public String problem() {
    return problem;
  }
}
