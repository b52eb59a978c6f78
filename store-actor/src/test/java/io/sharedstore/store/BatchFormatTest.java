package io.sharedstore.store;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
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
 * The compact wire form of {@link Batch} and {@link Replies}: the hot
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

  private static Batch batch(ActorRef<Replies> replyTo,
      Operation<?>... commands) {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < commands.length; i++) {
      requests.add(new Request(Long.MAX_VALUE - i, commands[i]));
    }
    return new Batch(requests, replyTo);
  }

  @Test
  void hotRequestsRoundTrip() {
    var replyTo = testKit.<Replies>createTestProbe().getRef();
    verify(batch(replyTo,
        new Operation.Get("k"),
        new Operation.Get("ключ\u0000😀"),
        new Operation.Set("k", bytes(new byte[] {(byte) 0xff, 0, 7}), OptionalLong.empty()),
        new Operation.Set("k", bytes(new byte[0]), OptionalLong.of(5000)),
        new Operation.Set("k", bytes(new byte[] {1}), OptionalLong.of(-1)),
        new Operation.Has("k"),
        new Operation.Delete("k"),
        new Operation.Echo(),
        new Operation.Increment("c", Long.MIN_VALUE, OptionalLong.empty(), Optional.empty()),
        new Operation.Increment("c", 3, OptionalLong.of(1), Optional.of("r-1"))));
  }

  @Test
  void otherRequestsRoundTripThroughTheGenericEncoding() {
    var replyTo = testKit.<Replies>createTestProbe().getRef();
    var valueRef = testKit.<StatusReply<Value>>createTestProbe().getRef();
    verify(new Execute<>(new Operation.Get("k"), valueRef));
    verify(batch(replyTo,
        new Operation.Get(null),
        new Operation.Delete(""),
        new Operation.IncrementBounded("c", 1, 10, OptionalLong.empty(), Optional.of("r")),
        new Operation.GetAll(List.of("a", "b")),
        new Operation.Scan("user:*", "", 10),
        new Operation.Size(),
        new Operation.CompareAndSet("k", Optional.empty(), bytes(new byte[] {2}), OptionalLong.of(9)),
        new Operation.SetAll(Map.of("a", Bytes.wrap(new byte[] {3})), OptionalLong.empty()),
        new Operation.GetStats()));
    var withNullRequest = new Batch(Arrays.asList(
        null, new Request(1, null), new Request(2, new Operation.Has("k"))), replyTo);
    verify(withNullRequest);
    verify(new Batch(null, null));

    var set = new Operation.Set("k", null, OptionalLong.empty());
    var back = (Batch) testKit.serializationTestKit()
        .verifySerialization(batch(replyTo, set), false);
    assertNull(((Operation.Set) back.requests().get(0).operation()).value());
  }

  @Test
  void hotAnswersRoundTrip() {
    verify(new Replies(List.of(
        success(1, new Written(0)),
        success(2, value(new byte[] {(byte) 0xff, 0, 7})),
        success(3, value(new byte[0])),
        success(4, new Value(Optional.empty())),
        success(5, new Exists(true)),
        success(6, new Deleted(false, 0)),
        success(7, new Counter(Long.MIN_VALUE, 0)),
        success(Long.MAX_VALUE, new Applied(true, 0)),
        new Outcome(-1, Optional.empty(), Optional.of("[type] ключ no")))));
    verify(new Replies(List.of()));
  }

  @Test
  void anOwnerHintRoundTripsAfterTheOutcomesAndCostsNothingWithout() {
    List<Outcome> outcomes = List.of(success(1, new Written(3)), success(2, new Exists(true)));
    Replies hinted = new Replies(outcomes,
        Optional.of(new Replies.Owner(1023, "127.0.0.1:2552")));
    verify(hinted);
    verify(new Replies(List.of(), Optional.of(new Replies.Owner(0, ""))));
    byte[] plain = bytesOf(new Replies(outcomes));
    byte[] withHint = bytesOf(hinted);
    assertTrue(withHint.length > plain.length);
    // Without a hint the form is the one before hints: the same outcomes, nothing after them.
    assertArrayEquals(plain, bytesOf(new Replies(outcomes, Optional.empty())));
  }

  @Test
  void otherAnswersRoundTripThroughTheGenericEncoding() {
    verify(new Replies(List.of(
        success(1, new BoundedCounter(OptionalLong.empty(), 0)),
        success(2, new TtlLeft(true, OptionalLong.of(5))),
        success(3, new KeyPage(List.of("a"), "a")),
        success(4, new Count(9)),
        success(5, new Previous(Optional.of(Bytes.wrap(new byte[] {5})), 7)),
        success(6, new DeletedKeys(3, 8)),
        success(7, new Stats(1, 2, 3)),
        success(8, new Echoed()),
        new Outcome(15, Optional.empty(), Optional.empty()),
        new Outcome(16, Optional.of(new Exists(true)), Optional.of("both")))));
    var values = (Replies) testKit.serializationTestKit().verifySerialization(
        new Replies(List.of(
            success(1, new Values(Map.of("a", Bytes.wrap(new byte[] {4})))))), false);
    var answer = (Values) values.outcomes().get(0).reply().orElseThrow();
    assertArrayEquals(new byte[] {4}, answer.values().get("a").toArray());
  }

  @Test
  void hotRequestsAndAnswersCarryNoNames() {
    var replyTo = testKit.<Replies>createTestProbe().getRef();
    String batch = new String(bytesOf(batch(replyTo,
        new Operation.Get("k"),
        new Operation.Set("k", bytes(new byte[] {1}), OptionalLong.of(5)),
        new Operation.Increment("c", 3, OptionalLong.empty(), Optional.empty()),
        new Operation.Echo())),
        StandardCharsets.ISO_8859_1);
    for (String name : List.of("key", "value", "ttlMillis", "requestId", "@op", "set", "get",
        "increment", "present", "echo")) {
      assertFalse(batch.contains(name), name + " in " + batch);
    }
    String replies = new String(bytesOf(new Replies(List.of(
        success(1, new Written(0)),
        success(2, value(new byte[] {1}))))),
        StandardCharsets.ISO_8859_1);
    for (String name : List.of("@reply", "value", "written", "reply", "error", "bytes")) {
      assertFalse(replies.contains(name), name + " in " + replies);
    }
    assertTrue(replies.length() < 18, "two answers in " + replies.length() + " bytes");
  }

  private static Outcome success(long id, Reply reply) {
    return new Outcome(id, Optional.of(reply), Optional.empty());
  }
}
