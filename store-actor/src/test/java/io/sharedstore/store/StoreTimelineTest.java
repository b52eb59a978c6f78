package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.wire.Opcode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's second-by-second timeline, the info's rates and p99, and what its observer is
 * told, with the test kit's manual clock: each second passes when the test says so.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreTimelineTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 16, 64, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  /** Counts what the store tells, per opcode and refused or not. */
  private static final class CountingObserver implements StoreObserver {
    final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
    final AtomicLong negative = new AtomicLong();

    @Override
    public void handled(Opcode opcode, boolean refused, long nanos) {
      handled.computeIfAbsent(opcode.typeName() + (refused ? "/refused" : "/ok"),
          name -> new AtomicLong()).incrementAndGet();
      if (nanos < 0) {
        negative.incrementAndGet();
      }
    }

    long count(String name) {
      AtomicLong count = handled.get(name);
      return count == null ? 0 : count.get();
    }
  }

  private ActorRef<Command> newStore(StoreObserver observer) {
    ExplicitlyTriggeredScheduler scheduler =
        (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return testKit.spawn(StoreActor.create(SETTINGS, scheduler::currentTimeMs,
        () -> scheduler.currentTimeMs() * 1_000_000, ChangeListener.NONE,
        DurableStart.inMemory(SETTINGS), observer));
  }

  @Test
  void eachSecondBecomesAPointWithItsCallsPerOperationAndTheKeysAtItsEnd() {
    CountingObserver observer = new CountingObserver();
    ActorRef<Command> store = newStore(observer);
    for (int i = 0; i < 5; i++) {
      assertTrue(execute(store, new Operation.Set("k" + i, Bytes.wrap(new byte[] {1}),
          OptionalLong.empty())).isSuccess());
    }
    execute(store, new Operation.Get("k0"));
    execute(store, new Operation.Get("missing"));
    StatusReply<?> refused = execute(store, new Operation.Set("k".repeat(17), Bytes.wrap(new byte[] {1}), OptionalLong.empty()));
    assertTrue(refused.isError(), "a key over max-key-length is refused");
    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(1));

    List<Timeline.Point> points = timeline(store).points();
    assertEquals(1, points.size());
    Timeline.Point first = points.get(0);
    assertEquals(8, first.operations());
    assertEquals(6L, first.operationsByName().get("set"));
    assertEquals(2L, first.operationsByName().get("get"));
    assertEquals(5, first.keys());
    assertTrue(first.usedMemory() > 0);
    assertTrue(first.p99Micros() >= 1, "a p99 under 1 µs shows as 1");

    assertEquals(5, observer.count("set/ok"));
    assertEquals(1, observer.count("set/refused"));
    assertEquals(2, observer.count("get/ok"));
    assertEquals(0, observer.negative.get());

    ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(1)); // an idle second
    ManagerInfo.Stats stats = info(store).stats();
    assertEquals(4.0, stats.instantaneousOpsPerSec(), "8 calls over the 2 seconds closed");
    assertEquals(3.0, stats.operationsPerSecond().get("set"));
    assertEquals(1.0, stats.operationsPerSecond().get("get"));
    assertTrue(stats.handlingP99Micros() >= 1);
    assertEquals(1, observer.count("info/ok"), "the info call is handled like any other");
    assertEquals(2, timeline(store).points().size());
  }

  @Test
  void aStoreKeepsFiveMinutesOfPoints() {
    ActorRef<Command> store = newStore(StoreObserver.NONE);
    for (int second = 0; second < Timeline.SECONDS + 20; second++) {
      ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(1));
    }
    List<Timeline.Point> points = timeline(store).points();
    assertEquals(Timeline.SECONDS, points.size());
    assertTrue(points.get(0).epochMillis() < points.get(points.size() - 1).epochMillis());
  }

  private Timeline timeline(ActorRef<Command> store) {
    TestProbe<Timeline> probe = testKit.createTestProbe();
    store.tell(new StoreActor.GetTimeline(probe.getRef()));
    return probe.receiveMessage();
  }

  private ManagerInfo info(ActorRef<Command> store) {
    TestProbe<StatusReply<ManagerInfo>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.GetInfo(), probe.getRef()));
    return probe.receiveMessage().getValue();
  }

  private <R extends Reply> StatusReply<R> execute(ActorRef<Command> store, Operation<R> op) {
    TestProbe<StatusReply<R>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(op, probe.getRef()));
    return probe.receiveMessage();
  }
}
