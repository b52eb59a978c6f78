package io.sharedstore.store.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The slot hash against CRC16/XMODEM's check value and Redis Cluster's documented slots. */
class KeySlotsTest {

  @Test
  void crc16IsXmodem() {
    // The check value of CRC-16/XMODEM, the one Redis Cluster's specification gives.
    assertEquals(0x31C3, KeySlots.crc16("123456789".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(0, KeySlots.crc16(new byte[0]));
  }

  @Test
  void withSixteenThousandSlotsAKeysSlotIsRedisClusters() {
    KeySlots redis = new KeySlots(KeySlots.MAX_SLOTS);
    // What CLUSTER KEYSLOT answered on redis-server 7 (cluster-enabled) on this machine.
    assertEquals(11058, redis.slotOf("somekey"));
    assertEquals(2515, redis.slotOf("foo{hash_tag}"));
    assertEquals(2515, redis.slotOf("bar{hash_tag}"));
    assertEquals(12182, redis.slotOf("foo"));
    assertEquals(5061, redis.slotOf("bar"));
    assertEquals(3443, redis.slotOf("{user1000}.following"));
    assertEquals(redis.slotOf("user1000"), redis.slotOf("{user1000}.following"));
    assertEquals(redis.slotOf("user1000"), redis.slotOf("{user1000}.followers"));
  }

  @Test
  void aPowerOfTwoCountIsRedissSlotModuloIt() {
    KeySlots redis = new KeySlots(KeySlots.MAX_SLOTS);
    KeySlots ours = new KeySlots(1_024);
    for (int i = 0; i < 10_000; i++) {
      String key = "guild:" + i + ":prefix";
      assertEquals(redis.slotOf(key) % 1_024, ours.slotOf(key));
    }
  }

  @Test
  void onlyANonEmptyFirstTagIsHashed() {
    KeySlots slots = new KeySlots(1_024);
    assertEquals(slots.slotOf("guild:42"), slots.slotOf("{guild:42}:prefix"));
    assertEquals(slots.slotOf("guild:42"), slots.slotOf("x{guild:42}y{other}"));
    assertEquals(slots.slotOf("{}guild"), new KeySlots(1_024).slotOf("{}guild"));
    assertEquals("{}guild", new String(KeySlots.hashed("{}guild"), StandardCharsets.UTF_8));
    assertEquals("x{", new String(KeySlots.hashed("x{"), StandardCharsets.UTF_8));
    assertEquals("a{b", new String(KeySlots.hashed("a{b"), StandardCharsets.UTF_8));
    assertEquals("ключ", new String(KeySlots.hashed("{ключ}:1"), StandardCharsets.UTF_8));
  }

  @Test
  void keysSpreadOverEverySlot() {
    KeySlots slots = new KeySlots(1_024);
    int[] counts = new int[1_024];
    for (int i = 0; i < 102_400; i++) {
      counts[slots.slotOf("k:" + i)]++;
    }
    for (int count : counts) {
      assertTrue(count > 50 && count < 150, "100 keys per slot on average, got " + count);
    }
    assertNotEquals(slots.slotOf("a"), slots.slotOf("b"));
  }

  @Test
  void theCountIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> new KeySlots(0));
    assertThrows(IllegalArgumentException.class, () -> new KeySlots(KeySlots.MAX_SLOTS + 1));
    assertEquals(0, new KeySlots(1).slotOf("anything"));
  }
}
