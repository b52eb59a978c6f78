package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compact wire form of {@link StoreActor.Batch} and {@link StoreActor.Replies}: the hot
 * requests and answers round-trip exactly through it, everything else through the generic
 * encoding inside it, and no type name or field name of a hot request reaches the wire.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchFormatTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private void verify(Object message) {
    testKit.serializationTestKit().verifySerialization(message, true);
  }

  private byte[] bytesOf(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    return serialization.serialize(message).get();
  }

  private static StoreActor.Batch batch(ActorRef<StoreActor.Replies> replyTo,
      StoreActor.Command... commands) {
    List<StoreActor.Request> requests = new ArrayList<>();
    for (int i = 0; i < commands.length; i++) {
      requests.add(new StoreActor.Request(Long.MAX_VALUE - i, commands[i]));
    }
    return new StoreActor.Batch(requests, replyTo);
  }

  @Test
  void hotRequestsRoundTrip() {
    var replyTo = testKit.<StoreActor.Replies>createTestProbe().getRef();
    verify(batch(replyTo,
        new StoreActor.Get("k", null),
        new StoreActor.Get("ключ\u0000😀", null),
        new StoreActor.Set("k", new byte[] {(byte) 0xff, 0, 7}, OptionalLong.empty(), null),
        new StoreActor.Set("k", new byte[0], OptionalLong.of(5000), null),
        new StoreActor.Set("k", new byte[] {1}, OptionalLong.of(-1), null),
        new StoreActor.Has("k", null),
        new StoreActor.Delete("k", null),
        new StoreActor.Increment("c", Long.MIN_VALUE, OptionalLong.empty(), Optional.empty(), null),
        new StoreActor.Increment("c", 3, OptionalLong.of(1), Optional.of("r-1"), null)));
  }

  @Test
  void otherRequestsRoundTripThroughTheGenericEncoding() {
    var replyTo = testKit.<StoreActor.Replies>createTestProbe().getRef();
    var valueRef = testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef();
    verify(batch(replyTo,
        new StoreActor.Get("k", valueRef),
        new StoreActor.Get(null, null),
        new StoreActor.Delete("", null),
        new StoreActor.IncrementBounded("c", 1, 10, OptionalLong.empty(), Optional.of("r"), null),
        new StoreActor.GetAll(List.of("a", "b"), null),
        new StoreActor.Scan("user:*", "", 10, null),
        new StoreActor.Size(null),
        batch(null, new StoreActor.Get("nested", null))));
    var withNullRequest = new StoreActor.Batch(Arrays.asList(
        null, new StoreActor.Request(1, null), new StoreActor.Request(2, new StoreActor.Has("k", null))),
        replyTo);
    verify(withNullRequest);
    verify(new StoreActor.Batch(null, null));

    var set = new StoreActor.Set("k", null, OptionalLong.empty(), null);
    var back = (StoreActor.Batch) testKit.serializationTestKit()
        .verifySerialization(batch(replyTo, set), false);
    assertNull(((StoreActor.Set) back.requests().get(0).command()).value());
  }

  @Test
  void hotAnswersRoundTrip() {
    verify(new StoreActor.Replies(List.of(
        success(1, StoreActor.Ack.INSTANCE),
        success(2, new StoreActor.Value(Optional.of(new byte[] {(byte) 0xff, 0, 7}))),
        success(3, new StoreActor.Value(Optional.of(new byte[0]))),
        success(4, new StoreActor.Value(Optional.empty())),
        success(5, new StoreActor.Exists(true)),
        success(6, new StoreActor.Deleted(false)),
        success(7, new StoreActor.Counter(Long.MIN_VALUE)),
        success(Long.MAX_VALUE, new StoreActor.Applied(true)),
        new StoreActor.Outcome(-1, Optional.empty(), Optional.of("[type] ключ no")))));
    verify(new StoreActor.Replies(List.of()));
  }

  @Test
  void otherAnswersRoundTripThroughTheGenericEncoding() {
    verify(new StoreActor.Replies(List.of(
        success(1, new StoreActor.BoundedCounter(OptionalLong.empty())),
        success(2, new StoreActor.TtlLeft(true, OptionalLong.of(5))),
        success(3, new StoreActor.KeyPage(List.of("a"), "a")),
        success(4, new StoreActor.Count(9)),
        new StoreActor.Outcome(5, Optional.empty(), Optional.empty()),
        new StoreActor.Outcome(6, Optional.of(new StoreActor.Exists(true)), Optional.of("both")))));
    var values = (StoreActor.Replies) testKit.serializationTestKit().verifySerialization(
        new StoreActor.Replies(List.of(
            success(1, new StoreActor.Values(Map.of("a", new byte[] {4}))))), false);
    var answer = (StoreActor.Values) values.outcomes().get(0).reply().orElseThrow();
    assertArrayEquals(new byte[] {4}, answer.values().get("a"));
  }

  @Test
  void hotRequestsAndAnswersCarryNoNames() {
    var replyTo = testKit.<StoreActor.Replies>createTestProbe().getRef();
    String batch = new String(bytesOf(batch(replyTo,
        new StoreActor.Get("k", null),
        new StoreActor.Set("k", new byte[] {1}, OptionalLong.of(5), null),
        new StoreActor.Increment("c", 3, OptionalLong.empty(), Optional.empty(), null))),
        StandardCharsets.ISO_8859_1);
    for (String name : List.of("key", "value", "ttlMillis", "requestId", "@op", "set", "get",
        "increment", "present")) {
      assertFalse(batch.contains(name), name + " in " + batch);
    }
    String replies = new String(bytesOf(new StoreActor.Replies(List.of(
        success(1, StoreActor.Ack.INSTANCE),
        success(2, new StoreActor.Value(Optional.of(new byte[] {1})))))),
        StandardCharsets.ISO_8859_1);
    for (String name : List.of("@reply", "value", "ack", "reply", "error", "bytes")) {
      assertFalse(replies.contains(name), name + " in " + replies);
    }
    assertTrue(replies.length() < 16, "two answers in " + replies.length() + " bytes");
  }

  private static StoreActor.Outcome success(long id, StoreActor.Reply reply) {
    return new StoreActor.Outcome(id, Optional.of(reply), Optional.empty());
  }
}
