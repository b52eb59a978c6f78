package io.sharedstore.store.slots;

import java.nio.charset.StandardCharsets;

/**
 * Which slot a key belongs to when the store is split into slots over several managers: the
 * CRC16 (XMODEM: polynomial 0x1021, initial value 0, as Redis Cluster's) of the key's UTF-8
 * bytes, modulo the slot count. A key with a hash tag, a non-empty part between its first
 * {@code '{'} and the first {@code '}'} after it, hashes only that part, so {@code
 * {guild:42}:prefix} and {@code {guild:42}:members} share a slot (Redis's rule exactly: {@code
 * {}x} and {@code x{}} hash whole). With 16,384 slots a key's slot is Redis Cluster's; with a
 * power of two that divides 16,384 (the default 1,024) it is Redis's slot modulo that count.
 * Pure and thread-safe.
 */
public final class KeySlots {

  /** The most slots a store may have: Redis Cluster's count. */
  public static final int MAX_SLOTS = 16_384;

  private static final int[] TABLE = table();

  private final int slots;

  /**
   * Slots of a store split {@code slots} ways.
   *
   * @param slots the slot count, 1 to {@link #MAX_SLOTS}
   * @throws IllegalArgumentException if out of range
   */
  public KeySlots(int slots) {
    if (slots < 1 || slots > MAX_SLOTS) {
      throw new IllegalArgumentException(
          "the slot count must be in 1.." + MAX_SLOTS + ", was " + slots);
    }
    this.slots = slots;
  }

  /** The slot count. */
  public int slots() {
    return slots;
  }

  /**
   * The slot of {@code key}.
   *
   * @param key a key, not null
   * @return its slot, 0 to {@code slots() - 1}
   */
  public int slotOf(String key) {
    return crc16(hashed(key)) % slots;
  }

  /** The part of {@code key} that is hashed: its hash tag if it has one, else all of it. */
  static byte[] hashed(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        return key.substring(open + 1, close).getBytes(StandardCharsets.UTF_8);
      }
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** CRC16/XMODEM of {@code bytes}. */
  static int crc16(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
    }
    return crc;
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int crc = i << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      table[i] = crc & 0xFFFF;
    }
    return table;
  }
}
