package io.sharedstore.store.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * Internal, not API: may change in any release.
 *
 * <p>The manager's check that a value it is asked to store nests no deeper than {@link
 * ValueFormat#MAX_NESTING_DEPTH} arrays and maps: a hostile peer can send any bytes, bypassing the
 * client's encoder, and a reader that recursed into a 10,000-deep value could overflow its stack.
 *
 * <p>It walks the CBOR item headers only (RFC 8949 section 3), skipping string payloads and
 * keeping a count of the items left in each open container, so it never recurses and costs a few
 * nanoseconds per item. A value of at most {@code MAX_NESTING_DEPTH} bytes cannot be that deep
 * (each level takes a byte), so small values are not walked at all. Bytes that are not well-formed
 * CBOR are still stored as opaque bytes, as before: the check stops where they stop making sense,
 * and refuses only a value that opens more than {@code MAX_NESTING_DEPTH} containers before that.
 */
public final class ValueDepth {

  private static final int BREAK = 0xFF;
  private static final long MALFORMED = -2;
  private static final long INDEFINITE = -1;

  private ValueDepth() {}

  /**
   * Why a value nests too deep, or empty if it does not.
   *
   * @param value the serialized value
   * @return the problem, or empty
   */
  public static Optional<String> problem(byte[] value) {
    return value.length > ValueFormat.MAX_NESTING_DEPTH && tooDeep(value)
        ? Optional.of("value nests arrays/objects deeper than " + ValueFormat.MAX_NESTING_DEPTH
            + " levels")
        : Optional.empty();
  }

  /**
   * Whether the value opens more than the limit of nested containers.
   *
   * @param bytes the serialized value
   * @return true if too deep; false if not, or if the bytes stop being well-formed CBOR first
   */
  public static boolean tooDeep(byte[] bytes) {
    // left[d]: items still to come in the d-th open container (INDEFINITE: until a break).
    long[] left = new long[16];
    int depth = 0;
    int[] at = {0};
    while (at[0] < bytes.length) {
      int initial = bytes[at[0]++] & 0xFF;
      int major = initial >>> 5;
      if (initial == BREAK) {
        if (depth == 0 || left[depth - 1] != INDEFINITE) {
          return false; // malformed: opaque bytes
        }
        depth = closeItem(left, depth - 1);
        continue;
      }
      long argument = argument(bytes, at, initial & 0x1F);
      if (argument == MALFORMED) {
        return false;
      }
      switch (major) {
        case 2, 3 -> { // byte or text string: skip its payload
          if (!skipString(bytes, at, major, argument)) {
            return false;
          }
          depth = closeItem(left, depth);
        }
        case 4, 5 -> { // array or map: one more level
          if (depth == ValueFormat.MAX_NESTING_DEPTH) {
            return true;
          }
          long items = argument == INDEFINITE ? INDEFINITE : major == 5 ? 2 * argument : argument;
          if (items > bytes.length - at[0]) {
            return false; // more items than bytes left: malformed
          }
          if (depth == left.length) {
            left = Arrays.copyOf(left, Math.min(2 * left.length, ValueFormat.MAX_NESTING_DEPTH));
          }
          left[depth++] = items;
          if (items == 0) {
            depth = closeItem(left, depth - 1);
          }
        }
        case 6 -> {
          // A tag: the item it tags follows and counts in its place.
        }
        default -> depth = closeItem(left, depth); // integers, simple values, floats
      }
    }
    return false;
  }

  /**
   * One item of the innermost container is complete: count it, and close every definite container
   * that this completes, each an item of its parent. Answers the new depth.
   */
  private static int closeItem(long[] left, int depth) {
    while (depth > 0 && left[depth - 1] != INDEFINITE) {
      if (--left[depth - 1] > 0) {
        return depth;
      }
      depth--;
    }
    return depth;
  }

  /** The argument of an item's header (RFC 8949 3.1), advancing past it. */
  private static long argument(byte[] bytes, int[] at, int info) {
    if (info < 24) {
      return info;
    }
    if (info == 31) {
      return INDEFINITE;
    }
    if (info > 27) {
      return MALFORMED;
    }
    int size = 1 << (info - 24); // 1, 2, 4 or 8 bytes
    if (bytes.length - at[0] < size) {
      return MALFORMED;
    }
    long argument = 0;
    for (int i = 0; i < size; i++) {
      argument = (argument << 8) | (bytes[at[0]++] & 0xFF);
    }
    return argument < 0 ? MALFORMED : argument; // past 2^63: no such value fits in memory
  }

  /** Skips a string's payload, or an indefinite string's chunks; false if malformed. */
  private static boolean skipString(byte[] bytes, int[] at, int major, long length) {
    if (length != INDEFINITE) {
      if (length > bytes.length - at[0]) {
        return false;
      }
      at[0] += (int) length;
      return true;
    }
    while (at[0] < bytes.length) {
      int initial = bytes[at[0]++] & 0xFF;
      if (initial == BREAK) {
        return true;
      }
      long chunk = argument(bytes, at, initial & 0x1F);
      if (initial >>> 5 != major || chunk < 0 || chunk > bytes.length - at[0]) {
        return false; // a chunk must be a definite string of the same kind
      }
      at[0] += (int) chunk;
    }
    return false;
  }
}
