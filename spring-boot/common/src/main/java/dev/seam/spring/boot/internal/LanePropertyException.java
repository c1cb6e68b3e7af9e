package dev.seam.spring.boot.internal;

/**
 * A {@code seam.*} property with a value Seam cannot use; {@link LanePropertyFailureAnalyzer} turns
 * it into a start-up report naming the property and the value.
 */
public final class LanePropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String value;
  private final String requirement;

  /**
   * Creates the exception.
   *
   * @param property the full property name, such as {@code seam.lanes.orders.max-concurrency}
   * @param value the value as bound
   * @param requirement what a good value is, such as {@code "at least 1"}
   */
  public LanePropertyException(String property, Object value, String requirement) {
    super(property + "=" + value + ": must be " + requirement);
    this.property = property;
    this.value = String.valueOf(value);
    this.requirement = requirement;
  }

  /**
   * The property name.
   *
   * @return the full name
   */
  public String property() {
    return property;
  }

  /**
   * The value that was refused.
   *
   * @return the value, as text
   */
  public String value() {
    return value;
  }

  /**
   * What a good value is.
   *
   * @return the requirement, such as {@code "at least 1"}
   */
  public String requirement() {
    return requirement;
  }
}
