package io.sharedstore.store.internal;

/**
 * Internal, not API: may change in any release.
 *
 * <p>A monotonic time source in nanoseconds: the store's only notion of "now". Tests replace it with
 * the test kit's manual clock so TTLs expire without sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Nanoseconds since an arbitrary origin; only differences are meaningful.
   *
   * @return now, in nanoseconds
   */
  long nanos();

  /**
   * The JVM's monotonic clock, {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
