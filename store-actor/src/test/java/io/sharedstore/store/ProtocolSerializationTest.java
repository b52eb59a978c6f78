package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SteppedOperation;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every protocol message survives the serializer it is bound to (Jackson CBOR with the store's
 * wire module), compared by value: every {@link Operation} subtype alone in an {@link Execute}
 * and inside a {@link Batch}, every {@link Reply} subtype alone and inside {@link Replies}.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolSerializationTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private static final Bytes VALUE = Bytes.wrap(new byte[] {(byte) 0xff, 0, 7});
  private static final Bytes OTHER = Bytes.wrap(new byte[] {1, 2});

  /** At least one of each operation, with the edge cases of their fields. */
  static List<Operation<?>> operations() {
    Map<String, Bytes> entries = new LinkedHashMap<>();
    entries.put("z", VALUE);
    entries.put("a", OTHER);
    entries.put("empty", Bytes.wrap(new byte[0]));
    return List.of(
        new Operation.Set("k", VALUE, OptionalLong.empty()),
        new Operation.Set("ключ\u0000\t😀", VALUE, OptionalLong.of(5000)),
        new Operation.Get("k"),
        new Operation.Has("k"),
        new Operation.Delete("k"),
        new Operation.Increment("c", Long.MIN_VALUE, OptionalLong.empty(), Optional.empty()),
        new Operation.Increment("c", 3, OptionalLong.of(1), Optional.of("r-1")),
        new Operation.IncrementBounded("c", 1, 10, OptionalLong.of(60_000), Optional.of("r")),
        new Operation.IncrementBounded("c", 1, 10, OptionalLong.empty(), Optional.empty()),
        new Operation.SetIfAbsent("k", VALUE, OptionalLong.of(10)),
        new Operation.CompareAndSet("k", Optional.empty(), VALUE, OptionalLong.empty()),
        new Operation.CompareAndSet("k", Optional.of(OTHER), VALUE, OptionalLong.of(99)),
        new Operation.DeleteIfEquals("k", VALUE),
        new Operation.GetAndDelete("k"),
        new Operation.GetAndSet("k", VALUE, OptionalLong.empty()),
        new Operation.Expire("k", 1000),
        new Operation.Persist("k"),
        new Operation.GetTtl("k"),
        new Operation.Scan("user:*", "", 10),
        new Operation.Scan("*", "user:5", 100_000),
        new Operation.GetAll(List.of("a", "b")),
        new Operation.GetAll(List.of()),
        new Operation.SetAll(entries, OptionalLong.of(1000)),
        new Operation.GetStats(),
        new Operation.GetInfo(),
        new Operation.Echo(),
        new Operation.Size(),
        new Operation.DeleteAll("user:*"));
  }

  /** At least one of each reply. */
  static List<Reply> replies() {
    Map<String, Bytes> values = new LinkedHashMap<>();
    values.put("b", VALUE);
    values.put("a", Bytes.wrap(new byte[0]));
    return List.of(
        new Reply.Written(1),
        new Reply.Value(Optional.of(VALUE)),
        new Reply.Value(Optional.empty()),
        new Reply.Exists(true),
        new Reply.Deleted(false, 7),
        new Reply.Counter(Long.MIN_VALUE, Long.MAX_VALUE),
        new Reply.BoundedCounter(OptionalLong.of(3), 4),
        new Reply.BoundedCounter(OptionalLong.empty(), 4),
        new Reply.Applied(true, 9),
        new Reply.Previous(Optional.of(OTHER), 10),
        new Reply.Previous(Optional.empty(), 10),
        new Reply.TtlLeft(false, OptionalLong.empty()),
        new Reply.TtlLeft(true, OptionalLong.of(1234)),
        new Reply.KeyPage(List.of("a", "b"), "b"),
        new Reply.KeyPage(List.of(), ""),
        new Reply.Count(Long.MAX_VALUE),
        new Reply.DeletedKeys(12, 13),
        new Reply.Values(values),
        new Reply.Values(Map.of()),
        new Reply.Stats(10, 3, 42),
        new Reply.Echoed(),
        ManagerInfo.EMPTY,
        sampleInfo());
  }

  /** An info with every section filled, optional parts present, maps in a non-sorted order. */
  static ManagerInfo sampleInfo() {
    Map<String, Long> operations = new LinkedHashMap<>();
    operations.put("set", 3L);
    operations.put("get", Long.MAX_VALUE);
    operations.put("info", 1L);
    return new ManagerInfo(
        new ManagerInfo.Server("1.2.3", "epoch-9", 61_000, 4242, "127.0.0.1:2552",
            Optional.of(new ManagerInfo.Persistence("/var/lib/ключ", "everysec", 1L << 33))),
        new ManagerInfo.Clients(2, List.of(
            new ManagerInfo.Client("shared-store-cluster-3@127.0.0.1:40213", Optional.of("3"),
                1_700_000_000_000L, 1_700_000_060_000L),
            new ManagerInfo.Client("other@10.0.0.1:1", Optional.empty(), 1, 2))),
        new ManagerInfo.Memory(1L << 40, 10, 3, 123_456_789, 4L << 30),
        new ManagerInfo.Stats(operations, 5, 6, 7, Map.of("full", 2L, "read-only", 1L), 4,
            1234.5, Map.of("set", 1000.25, "get", 234.25), 17),
        new ManagerInfo.Keyspace(10, 3));
  }

  private void verify(Object message) {
    Object back = testKit.serializationTestKit().verifySerialization(message, true);
    assertNotSame(message, back);
  }

  @Test
  void theSamplesCoverEveryOperationAndReplyType() {
    java.util.Set<Class<?>> operationTypes = new java.util.HashSet<>();
    for (Class<?> type : Operation.class.getPermittedSubclasses()) {
      if (type == SteppedOperation.class) {
        operationTypes.addAll(Arrays.asList(SteppedOperation.class.getPermittedSubclasses()));
      } else {
        operationTypes.add(type);
      }
    }
    assertEquals(operationTypes,
        operations().stream().map(Object::getClass).collect(Collectors.toSet()));
    assertEquals(java.util.Set.of(Reply.class.getPermittedSubclasses()),
        replies().stream().map(Object::getClass).collect(Collectors.toSet()));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyOperationRoundTripsInAnExecute() {
    ActorRef probe = testKit.createTestProbe().getRef();
    for (Operation<?> operation : operations()) {
      verify(new Execute(operation, probe));
    }
  }

  @Test
  void everyOperationRoundTripsInABatch() {
    ActorRef<Replies> replyTo = testKit.<Replies>createTestProbe().getRef();
    List<Request> requests = new ArrayList<>();
    long id = Long.MAX_VALUE;
    for (Operation<?> operation : operations()) {
      requests.add(new Request(id--, operation));
      verify(new Batch(List.of(new Request(1, operation)), replyTo));
    }
    verify(new Batch(requests, replyTo));
  }

  @Test
  void everyReplyRoundTripsAloneAndInReplies() {
    List<Outcome> outcomes = new ArrayList<>();
    long id = 0;
    for (Reply reply : replies()) {
      verify(reply);
      verify(StatusReply.success(reply));
      outcomes.add(Outcome.success(id++, reply));
    }
    outcomes.add(Outcome.refused(id, Refusal.TYPE.describe("increment of key [k] refused: no")));
    verify(new Replies(outcomes));
    verify(StatusReply.error(Refusal.TYPE.describe("increment of key [k] refused: no")));
  }

  @Test
  void heartbeatMessages() {
    verify(new Ping(testKit.<Pong>createTestProbe().getRef()));
    verify(new Pong("epoch-1", false));
    verify(new Pong("epoch-1", true));
    verify(new Pong("epoch-1", false, "incarnation-7", 42));
  }

  @Test
  void watchMessages() {
    verify(new Watch("w-1", "config:*", Watch.FROM_NOW, testKit.<WatchEvents>createTestProbe()
        .getRef()));
    verify(new Watch("w-2", "a\\*b?", Long.MAX_VALUE, testKit.<WatchEvents>createTestProbe()
        .getRef()));
    verify(new WatchAck("w-1", 42));
    verify(new Unwatch("w-1"));
    verify(WatchEvents.of("w-1", List.of(
        new WatchEvent.KeyEvent(WatchEvent.Kind.CHANGED, "config:x", 7, Optional.of(VALUE),
            OptionalLong.of(1_700_000_000_000L)),
        new WatchEvent.KeyEvent(WatchEvent.Kind.CHANGED, "ключ😀", 8,
            Optional.of(Bytes.wrap(new byte[0])), OptionalLong.empty()),
        new WatchEvent.KeyEvent(WatchEvent.Kind.DELETED, "config:x", 9, Optional.empty(),
            OptionalLong.empty()),
        new WatchEvent.KeyEvent(WatchEvent.Kind.EXPIRED, "config:y", 10, Optional.empty(),
            OptionalLong.empty()),
        new WatchEvent.Reset(11, WatchEvent.ResetReason.GAP),
        new WatchEvent.Reset(12, WatchEvent.ResetReason.OVERFLOW)), 14));
    verify(WatchEvents.started("w-1", 6));
    verify(WatchEvents.refused("w-3", Refusal.INVALID.describe("glob must not be empty")));
  }
}
