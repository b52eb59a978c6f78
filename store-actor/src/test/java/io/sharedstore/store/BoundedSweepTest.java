package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * A sweep over many expired keys is cut into messages of at most {@code sweep-batch} frees each,
 * so requests interleave with it. Run message by message with the synchronous BehaviorTestKit.
 */
class BoundedSweepTest {

  private static final int BATCH = 100;
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), BATCH, 1000, 64, 64, Duration.ofSeconds(60), 1000);

  @Test
  void eachSweepMessageFreesAtMostOneBatchAndContinuesInTheNext() {
    AtomicLong nanos = new AtomicLong();
    BehaviorTestKit<StoreActor.Command> store =
        BehaviorTestKit.create(StoreActor.create(SETTINGS, nanos::get));
    @SuppressWarnings("unchecked")
    Effect.TimerScheduled<StoreActor.Command> timer =
        store.expectEffectClass(Effect.TimerScheduled.class);
    StoreActor.Command sweepTick = timer.msg();

    TestInbox<StatusReply<Done>> acks = TestInbox.create();
    int expiring = 10 * BATCH + 37;
    for (int i = 0; i < expiring; i++) {
      store.run(new StoreActor.Set("ttl" + i, new byte[1], OptionalLong.of(1000), acks.getRef()));
    }
    for (int i = 0; i < 5; i++) {
      store.run(new StoreActor.Set("keep" + i, new byte[1], OptionalLong.empty(), acks.getRef()));
    }
    nanos.set(Duration.ofSeconds(2).toNanos());

    store.run(sweepTick);
    assertEquals(expiring + 5 - BATCH, storedEntries(store));
    int messages = 1;
    while (store.selfInbox().hasMessages()) {
      long before = storedEntries(store);
      store.runOne();
      messages++;
      long freed = before - storedEntries(store);
      assertTrue(freed > 0 && freed <= BATCH, "freed " + freed + " in one message");
    }
    assertEquals(5, storedEntries(store));
    assertEquals(11, messages, "1,037 expired entries at 100 per message");
    assertFalse(store.selfInbox().hasMessages());
  }

  private static long storedEntries(BehaviorTestKit<StoreActor.Command> store) {
    TestInbox<StoreActor.Stats> inbox = TestInbox.create();
    store.run(new StoreActor.GetStats(inbox.getRef()));
    return inbox.receiveMessage().storedEntries();
  }
}
