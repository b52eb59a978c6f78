package io.sharedstore.demo;

/** Reading the values of command-line flags. */
final class Flags {

  private Flags() {}

  /**
   * The number {@code value} of {@code flag}, which must lie in {@code min..max}.
   *
   * @throws IllegalArgumentException if it is not a number or out of range
   */
  static int number(String flag, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, was " + value, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          flag + " must be in " + min + ".." + max + ", was " + value);
    }
    return n;
  }
}
