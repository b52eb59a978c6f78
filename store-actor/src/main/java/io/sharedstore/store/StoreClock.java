package io.sharedstore.store;

/**
 * The store's notion of now: wall-clock epoch milliseconds, so that deadlines are absolute (a
 * later log can replay them). Tests pass the test kit's manual scheduler time, so TTLs expire
 * without sleeping.
 */
@FunctionalInterface
public interface StoreClock {

  /** Now, in milliseconds since the epoch. */
  long nowMillis();

  /** The system's wall clock. */
  static StoreClock system() {
    return System::currentTimeMillis;
  }
}
