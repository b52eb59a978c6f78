package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlotShardsTest {

  @Test
  void theDefault1024SlotsAreIn128ShardsOfEightContiguousSlots() {
    SlotShards shards = new SlotShards(1024, 128);
    assertEquals(128, shards.shards());
    assertEquals(0, shards.shardOf(0));
    assertEquals(0, shards.shardOf(7));
    assertEquals(1, shards.shardOf(8));
    assertEquals(127, shards.shardOf(1023));
    assertArrayEquals(new int[] {8, 9, 10, 11, 12, 13, 14, 15}, shards.slotsOf("1").toArray());
    assertArrayEquals(new int[] {1016, 1017, 1018, 1019, 1020, 1021, 1022, 1023},
        shards.slotsOf("127").toArray());
  }

  @Test
  void everySlotIsInExactlyTheShardThatListsItForUnevenCounts() {
    int[][] counts = {{1000, 7}, {17, 5}, {16_384, 128}, {3, 1}, {16, 16}, {1024, 1000}};
    for (int[] count : counts) {
      SlotShards shards = new SlotShards(count[0], count[1]);
      int[] listedIn = new int[count[0]];
      java.util.Arrays.fill(listedIn, -1);
      for (int shard = 0; shard < count[1]; shard++) {
        int s = shard;
        int[] slots = shards.slotsOf(Integer.toString(shard)).toArray();
        assertEquals(count[0] / count[1], slots.length, 1.0, "size of shard " + shard);
        for (int slot : slots) {
          assertEquals(-1, listedIn[slot], "slot " + slot + " listed twice");
          listedIn[slot] = s;
          assertEquals(s, shards.shardOf(slot),
              "slot " + slot + " of " + count[0] + "/" + count[1]);
        }
      }
      for (int slot = 0; slot < count[0]; slot++) {
        assertEquals(shards.shardOf(slot), listedIn[slot], "slot " + slot + " listed nowhere");
      }
    }
  }

  @Test
  void aNameThatIsNoShardOfTheseHasNoSlots() {
    SlotShards shards = new SlotShards(1024, 128);
    assertEquals(0, shards.slotsOf("128").count());
    assertEquals(0, shards.slotsOf("-1").count());
    assertEquals(0, shards.slotsOf("slot").count());
  }

  @Test
  void moreShardsThanSlotsOrNoneAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SlotShards(16, 17));
    assertThrows(IllegalArgumentException.class, () -> new SlotShards(16, 0));
    assertEquals(16, SlotShards.atMost(16, 128).shards());
  }
}
