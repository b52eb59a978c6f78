package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.internal.ValueFormat;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** One slot under a test kit, and helpers that send it a message and wait for the answer. */
final class SlotDriver {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final OptionalLong NO_TTL = OptionalLong.empty();

  private final ActorTestKit testKit;
  private final int slot;
  private final StoreSettings settings;
  private final SlotDurability durability;
  private final StoreClock clock;
  private ActorRef<Command> ref;

  SlotDriver(ActorTestKit testKit, int slot, StoreSettings settings, SlotDurability durability,
      StoreClock clock) {
    this.testKit = testKit;
    this.slot = slot;
    this.settings = settings;
    this.durability = durability;
    this.clock = clock;
    start();
  }

  /** Spawns the slot (again). */
  SlotDriver start() {
    ref = testKit.spawn(SlotEntity.create(slot, settings, durability, clock));
    return this;
  }

  /** Sends {@link SlotEntity.Stop} and waits until the slot has stopped. */
  SlotDriver stop() {
    TestProbe<Object> watcher = testKit.createTestProbe();
    ref.tell(SlotEntity.Stop.INSTANCE);
    watcher.expectTerminated(ref, WAIT);
    return this;
  }

  /** A probe of the slot's test kit. */
  <T> TestProbe<T> testKitProbe() {
    return testKit.createTestProbe();
  }

  ActorRef<Command> ref() {
    return ref;
  }

  /** The answers to one batch of these operations (ids 1, 2, ...), all its Replies together. */
  List<Outcome> batch(Operation<?>... operations) {
    TestProbe<Replies> probe = testKit.createTestProbe();
    ref.tell(batchOf(probe.getRef(), operations));
    List<Outcome> outcomes = new ArrayList<>();
    while (outcomes.size() < operations.length) {
      outcomes.addAll(probe.receiveMessage(WAIT).outcomes());
    }
    return outcomes;
  }

  static Batch batchOf(ActorRef<Replies> replyTo, Operation<?>... operations) {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < operations.length; i++) {
      requests.add(operations[i] == null ? null : new Request(i + 1, operations[i]));
    }
    return new Batch(requests, replyTo);
  }

  /** The successful replies of one batch, failing on a refusal. */
  List<Reply> ok(Operation<?>... operations) {
    List<Reply> replies = new ArrayList<>();
    for (Outcome outcome : batch(operations)) {
      replies.add(outcome.reply().orElseThrow(() -> new AssertionError(outcome.error())));
    }
    return replies;
  }

  /** The answer to one Execute. */
  <R extends Reply> StatusReply<R> execute(Operation<R> operation) {
    TestProbe<StatusReply<R>> probe = testKit.createTestProbe();
    ref.tell(new Execute<>(operation, probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  <R extends Reply> R executeOk(Operation<R> operation) {
    StatusReply<R> reply = execute(operation);
    if (reply.isError()) {
      fail(operation + " refused: " + reply.getError().getMessage());
    }
    return reply.getValue();
  }

  /** The value stored at {@code key}, decoded as a long, or empty. */
  Optional<Long> counter(String key) {
    Reply.Value value = (Reply.Value) ok(new Operation.Get(key)).get(0);
    return value.bytes().map(bytes -> decode(bytes, Long.class));
  }

  /** The value stored at {@code key}, decoded as a string, or empty. */
  Optional<String> text(String key) {
    Reply.Value value = (Reply.Value) ok(new Operation.Get(key)).get(0);
    return value.bytes().map(bytes -> decode(bytes, String.class));
  }

  long revision() {
    return ((Reply.Stats) ok(new Operation.GetStats()).get(0)).revision();
  }

  static Operation.Set set(String key, String value) {
    return new Operation.Set(key, cbor(value), NO_TTL);
  }

  static Operation.Increment increment(String key, long delta) {
    return new Operation.Increment(key, delta, NO_TTL, Optional.empty());
  }

  static Operation.Increment increment(String key, long delta, String requestId) {
    return new Operation.Increment(key, delta, NO_TTL, Optional.of(requestId));
  }

  static Bytes cbor(Object value) {
    try {
      return Bytes.wrap(ValueFormat.writer().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static <T> T decode(Bytes bytes, Class<T> type) {
    try {
      return ValueFormat.reader().forType(type).readValue(bytes.unsafeArray());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void assertRefused(Outcome outcome, String code) {
    assertTrue(outcome.error().isPresent() && outcome.error().get().startsWith(code),
        () -> "expected a refusal " + code + ", got " + outcome);
  }

  static List<String> keys(String... keys) {
    return Arrays.asList(keys);
  }
}
