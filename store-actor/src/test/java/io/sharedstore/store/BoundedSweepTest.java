package io.sharedstore.store;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
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
 * and each next step comes from a timer after a pause three times as long as the last step, so
 * requests interleave and the sweep takes at most about a quarter of the store's time. Run message
 * by message with the synchronous BehaviorTestKit, on a clock the test moves.
 */
class BoundedSweepTest {

  private static final int BATCH = 100;
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), BATCH, 1000, 64, 64, Duration.ofSeconds(60), 1000);

  /** The clock; each read adds {@link #perRead} (zero while the test sets up). */
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong perRead = new AtomicLong();

  @Test
  void eachSweepStepFreesAtMostOneBatchAndSchedulesTheNextAfterAPause() {
    BehaviorTestKit<Command> store =
        BehaviorTestKit.create(StoreActor.create(SETTINGS, () -> nanos.get() / 1_000_000,
            () -> nanos.addAndGet(perRead.get()), ChangeListener.NONE));
    @SuppressWarnings("unchecked")
    Effect.TimerScheduled<Command> tick =
        store.expectEffectClass(Effect.TimerScheduled.class);
    store.getAllEffects(); // the heartbeat child's spawn

    TestInbox<StatusReply<Written>> acks = TestInbox.create();
    int expiring = 10 * BATCH + 37;
    for (int i = 0; i < expiring; i++) {
      store.run(new Execute<>(new Operation.Set("ttl" + i, bytes(new byte[1]), OptionalLong.of(1000)), acks.getRef()));
    }
    for (int i = 0; i < 5; i++) {
      store.run(new Execute<>(new Operation.Set("keep" + i, bytes(new byte[1]), OptionalLong.empty()), acks.getRef()));
    }
    nanos.set(Duration.ofSeconds(2).toNanos());
    perRead.set(Duration.ofMillis(2).toNanos()); // each step "takes" 2 ms

    store.run(tick.msg());
    int steps = 1;
    while (true) {
      List<Effect.TimerScheduled<?>> next = timers(store);
      assertFalse(store.selfInbox().hasMessages(), "a sweep step was sent without a pause");
      if (next.isEmpty()) {
        break;
      }
      assertEquals(1, next.size());
      assertEquals(Duration.ofMillis(6), next.get(0).duration(), "3 x the 2 ms of the step");
      long before = storedEntries(store);
      store.run((Command) next.get(0).msg());
      steps++;
      long freed = before - storedEntries(store);
      assertTrue(freed > 0 && freed <= BATCH, "freed " + freed + " in one step");
    }
    assertEquals(5, storedEntries(store));
    assertEquals(11, steps, "1,037 expired entries at 100 per step");
  }

  @Test
  void aRequestSentDuringASweepIsAnsweredBeforeItsNextStep() {
    BehaviorTestKit<Command> store =
        BehaviorTestKit.create(StoreActor.create(SETTINGS, () -> nanos.get() / 1_000_000, nanos::get, ChangeListener.NONE));
    @SuppressWarnings("unchecked")
    Effect.TimerScheduled<Command> tick =
        store.expectEffectClass(Effect.TimerScheduled.class);
    TestInbox<StatusReply<Written>> acks = TestInbox.create();
    for (int i = 0; i < 3 * BATCH; i++) {
      store.run(new Execute<>(new Operation.Set("ttl" + i, bytes(new byte[1]), OptionalLong.of(1000)), acks.getRef()));
    }
    nanos.set(Duration.ofSeconds(2).toNanos());
    store.getAllEffects();

    store.run(tick.msg());
    assertEquals(1, timers(store).size(), "the sweep continues later");
    assertEquals(3 * BATCH - BATCH, storedEntries(store), "one step freed one batch only");
    TestInbox<StatusReply<Exists>> has = TestInbox.create();
    store.run(new Execute<>(new Operation.Has("ttl" + (3 * BATCH - 1)), has.getRef()));
    assertFalse(has.receiveMessage().getValue().exists(), "expired, swept or not");
    assertFalse(store.selfInbox().hasMessages());
  }

  @SuppressWarnings("unchecked")
  private static List<Effect.TimerScheduled<?>> timers(BehaviorTestKit<Command> store) {
    return store.getAllEffects().stream()
        .filter(Effect.TimerScheduled.class::isInstance)
        .<Effect.TimerScheduled<?>>map(effect -> (Effect.TimerScheduled<?>) effect)
        .toList();
  }

  private static long storedEntries(BehaviorTestKit<Command> store) {
    TestInbox<StatusReply<Stats>> inbox = TestInbox.create();
    store.run(new Execute<>(new Operation.GetStats(), inbox.getRef()));
    return inbox.receiveMessage().getValue().storedEntries();
  }
}
