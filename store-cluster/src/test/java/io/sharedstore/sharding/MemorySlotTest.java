package io.sharedstore.sharding;

import static io.sharedstore.sharding.SlotDriver.cbor;
import static io.sharedstore.sharding.SlotDriver.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A slot with durability {@code none}: the contract, the sweep on manual time, the stop. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemorySlotTest extends SlotContract {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private final AtomicInteger slots = new AtomicInteger();

  private StoreClock clock() {
    ExplicitlyTriggeredScheduler scheduler =
        (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return scheduler::currentTimeMs;
  }

  @Override
  SlotDriver newSlot() {
    return new SlotDriver(testKit, slots.incrementAndGet(), SETTINGS, SlotDurability.NONE,
        clock());
  }

  @Test
  void theSweepFreesExpiredEntriesEveryCleanupInterval() {
    SlotDriver slot = newSlot();
    slot.ok(new Operation.Set("t1", cbor("a"), OptionalLong.of(100)),
        new Operation.Set("t2", cbor("b"), OptionalLong.of(100)), set("kept", "c"));
    assertEquals(new Reply.Stats(3, 2, 3), slot.ok(new Operation.GetStats()).get(0));
    ManualTime.get(testKit.system()).timePasses(SETTINGS.cleanupInterval().plusMillis(1));
    assertEquals(new Reply.Stats(1, 0, 5), slot.ok(new Operation.GetStats()).get(0),
        "both freed by the sweep (a revision each), not by a read");
  }

  @Test
  void aStoppedSlotStartsAgainEmpty() {
    SlotDriver slot = newSlot();
    slot.ok(set("k", "v"));
    slot.stop().start();
    assertEquals(Optional.empty(), slot.text("k"));
    assertEquals(0, slot.revision());
  }

  @Test
  void durabilityIsParsedFromConfig() {
    assertEquals(SlotDurability.JOURNAL, SlotDurability.parse("journal"));
    assertEquals(SlotDurability.NONE, SlotDurability.parse(" None "));
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SlotDurability.parse("disk"));
    org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("[disk]"));
    assertEquals("slot-7", SlotEntity.persistenceId(7));
  }
}
