package io.sharedstore.store.internal;

/**
 * Internal, not API: may change in any release.
 *
 * <p>Why the store refused a request, carried as a prefix of the error text of a {@code
 * StatusReply} ({@code "[type] ..."}) so that a client can raise the matching exception.
 */
public enum Refusal {
  /** A key, value, TTL, glob or limit breaks the rules. */
  INVALID("invalid"),
  /** The stored value is not of the kind the operation needs (e.g. not an integer). */
  TYPE("type"),
  /** The result would leave the range of a long; nothing changed. */
  OVERFLOW("overflow"),
  /**
   * The write would pass {@code shared-store.max-entries} or {@code max-memory}; nothing changed.
   * Reads, deletes and writes that do not grow the store still work.
   */
  FULL("full"),
  /**
   * Not a refusal of the request: the store applied it in memory, but the change it made or
   * observed could not be made durable (a write or fsync of the log failed). The text names the
   * file and the OS error; the change may or may not survive a restart.
   */
  PERSISTENCE("persistence"),
  /**
   * The store is read-only since a write or fsync of its log failed: the write was refused and
   * changed nothing. The text names the file and the OS error. Reads still work.
   */
  READ_ONLY("read-only"),
  /**
   * A store cluster's slot is moving to another node (its node is leaving, or the slots are
   * being rebalanced): the request was refused and changed nothing; the slot answers again
   * from its new node in a moment.
   */
  MOVING("moving");

  private final String code;

  Refusal(String code) {
    this.code = code;
  }

  /**
   * The refusal's code, as the error text's prefix shows it.
   *
   * @return e.g. {@code full}
   */
  public String code() {
    return code;
  }

  /**
   * The error text for this refusal.
   *
   * @param message what was refused and why
   * @return {@code [code] message}
   */
  public String describe(String message) {
    return "[" + code + "] " + message;
  }

  /**
   * The refusal an error text describes ({@link #INVALID} if it names none).
   *
   * @param errorText the text, as {@link #describe} makes it
   * @return the refusal its prefix names
   */
  public static Refusal of(String errorText) {
    for (Refusal refusal : values()) {
      if (errorText.startsWith("[" + refusal.code + "] ")) {
        return refusal;
      }
    }
    return INVALID;
  }

  /**
   * The error text without its refusal prefix.
   *
   * @param errorText the text, as {@link #describe} makes it
   * @return the message after {@code [code] }, or the whole text if it has no known prefix
   */
  public static String message(String errorText) {
    Refusal refusal = of(errorText);
    String prefix = "[" + refusal.code + "] ";
    return errorText.startsWith(prefix) ? errorText.substring(prefix.length()) : errorText;
  }
}
