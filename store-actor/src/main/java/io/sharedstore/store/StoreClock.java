package io.sharedstore.store;

/**
 * The store's notion of now: wall-clock epoch milliseconds, so that deadlines are absolute (a
 * later log can replay them). Tests pass the test kit's manual scheduler time, so TTLs expire
 * without sleeping.
 */
@FunctionalInterface
public interface StoreClock {

  /**
   * Now, in milliseconds since the epoch.
   *
   * @return the current time
   */
  long nowMillis();

  /**
   * The system's wall clock.
   *
   * @return a clock reading {@link System#currentTimeMillis()}
   */
  static StoreClock system() {
    return System::currentTimeMillis;
  }
}
