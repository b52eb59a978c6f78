package io.sharedstore.systemtests;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random inputs for the fuzz test, all from one seeded {@link Random}: unicode text with control
 * characters and characters outside the BMP, JSON-like values, and nesting far past the format's
 * limit, both as Java values (for the client) and as raw CBOR bytes (for a hostile peer).
 */
final class FuzzInputs {

  /** Deeper than any value may be: {@code ValueFormat.MAX_NESTING_DEPTH} is 1000. */
  static final int VERY_DEEP = 10_000;

  private final Random random;

  FuzzInputs(Random random) {
    this.random = random;
  }

  Random random() {
    return random;
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** One code point: ASCII, a control character, Latin-1, the BMP (no surrogates) or beyond. */
  int codePoint() {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextInt(0x20); // C0 controls, NUL included
      case 1 -> random.nextBoolean() ? 0x7F : 0x80 + random.nextInt(0x20); // DEL, C1 controls
      case 2 -> 0x20 + random.nextInt(0x5F);
      case 3 -> 0xA0 + random.nextInt(0x60);
      case 4 -> {
        int c = 0x100 + random.nextInt(0xFFFF - 0x100);
        yield Character.isSurrogate((char) c) ? 0xFFFD : c;
      }
      default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
    };
  }

  /** Valid unicode text of {@code minCodePoints..maxCodePoints} code points. */
  String text(int minCodePoints, int maxCodePoints) {
    int n = minCodePoints + random.nextInt(maxCodePoints - minCodePoints + 1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.appendCodePoint(codePoint());
    }
    return text.toString();
  }

  /** Text with one unpaired surrogate somewhere: no UTF-8 form. */
  String textWithUnpairedSurrogate() {
    String text = text(0, 10);
    char lone = random.nextBoolean() ? '\uD83D' : '\uDE00';
    int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    // Keep existing pairs whole: insert only between code points.
    while (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return text.substring(0, at) + lone + text.substring(at);
  }

  /** A JSON-like value of at most {@code depth} levels: what a bot stores. */
  Object value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (kind) {
      case 0 -> random.nextInt();
      case 1 -> random.nextLong();
      case 2 -> random.nextBoolean();
      case 3 -> text(0, 30);
      case 4 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      case 5 -> random.nextInt(1000);
      case 6 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(random.nextInt(20) == 0 ? null : value(depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(text(0, 12), value(depth - 1));
        }
        yield map;
      }
    };
  }

  /** {@code depth} lists, each holding the next: depth 1 is {@code [1]}. */
  static List<Object> nestedLists(int depth) {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 1; i < depth; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    current.add(1);
    return root;
  }

  /** {@code depth} nested one-element CBOR arrays, or maps {"a": ...}, around 1. */
  byte[] nestedCbor(int depth) {
    if (random.nextBoolean()) {
      byte[] bytes = new byte[depth + 1];
      Arrays.fill(bytes, (byte) 0x81);
      bytes[depth] = 0x01;
      return bytes;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      out.write(0xA1);
      out.write(0x61);
      out.write('a');
    }
    out.write(0x01);
    return out.toByteArray();
  }

  /** Random bytes: not necessarily CBOR, which the store keeps as opaque bytes. */
  byte[] bytes(int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }
}
