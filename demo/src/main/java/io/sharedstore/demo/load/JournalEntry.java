package io.sharedstore.demo.load;

import java.util.Locale;

/**
 * One operation a load client issued, as its journal records it: who issued it, what it asked,
 * when it was sent and acknowledged (wall-clock microseconds, comparable across the JVMs of one
 * machine), and what the manager answered.
 *
 * @param writer the issuing thread, {@code cluster/thread}
 * @param op the operation
 * @param key the key
 * @param arg the value a SET wrote, or the delta of an INCREMENT or COUNTER; 0 otherwise
 * @param ttlMillis the TTL the operation carried, 0 for none
 * @param sendMicros when the request was sent (before the call)
 * @param ackMicros when the reply arrived, or {@link #UNACKNOWLEDGED} if none did (timeout or
 *     error): the operation may or may not have been applied
 * @param result what the reply said: a GET's value or {@link #ABSENT}; a DELETE's 1 (existed) or
 *     0; an INCREMENT's or COUNTER's new value; 0 for a SET
 */
public record JournalEntry(
    String writer, Op op, String key, long arg, long ttlMillis, long sendMicros, long ackMicros,
    long result) {

  /** {@link #ackMicros} of an operation whose reply never came. */
  public static final long UNACKNOWLEDGED = -1;

  /** {@link #result} of a GET that found nothing. */
  public static final long ABSENT = Long.MIN_VALUE;

  /** The operations of the mixed load. */
  public enum Op {
    /** {@code set(key, arg[, ttl])}. */
    SET,
    /** {@code delete(key)}. */
    DELETE,
    /** {@code increment(key, arg[, ttl])} on a key with one writer at a time. */
    INCREMENT,
    /** {@code get(key)}. */
    GET,
    /** {@code increment(key, arg)} on a counter every client adds to, retried with its id. */
    COUNTER
  }

  public boolean acknowledged() {
    return ackMicros != UNACKNOWLEDGED;
  }

  /** Whether the operation can change the key. */
  public boolean writes() {
    return op != Op.GET;
  }

  /** One tab-separated line, as {@link #parse} reads it. */
  public String line() {
    return String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d",
        writer, op, key, arg, ttlMillis, sendMicros, ackMicros, result);
  }

  /** Reads a {@link #line()}. */
  public static JournalEntry parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 8) {
      throw new IllegalArgumentException("not a journal line (8 tab-separated fields): " + line);
    }
    return new JournalEntry(f[0], Op.valueOf(f[1]), f[2], Long.parseLong(f[3]),
        Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
  }
}
