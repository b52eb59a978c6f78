package io.sharedstore.systemtests;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.internal.ValueFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.pattern.StatusReply;

/**
 * Random commands crafted by a {@link RawPeer}, bypassing every client check: over-long, empty
 * and null keys, null, huge and too-deep values, zero, negative and extreme TTLs, bad request
 * ids, scan limits and globs, and batches mixing good and bad requests. Every bad one must be
 * answered with an {@code [invalid]} error that says why; every good one must succeed, and what
 * it stored must read back byte for byte.
 */
final class RawFuzz {

  private static final int ROUND = 100;
  private static final int MAX_KEY_BYTES = 1024;
  private static final int MAX_VALUE_SIZE = 1024 * 1024;

  /** A command sent: whether it was good, its reply, and what a good reply must satisfy. */
  private record Sent(String what, boolean good, CompletionStage<?> reply,
      Predicate<Object> goodReply) {}

  private final FuzzInputs inputs;
  private final RawPeer peer;
  private final Map<String, byte[]> stored = new LinkedHashMap<>();
  private final Map<String, Long> counters = new HashMap<>();
  private int nextKey;
  int good;
  int bad;

  RawFuzz(FuzzInputs inputs, RawPeer peer) {
    this.inputs = inputs;
    this.peer = peer;
  }

  void run(int commands) {
    for (int done = 0; done < commands; ) {
      List<Sent> round = new ArrayList<>();
      for (int i = 0; i < ROUND && done < commands; i++, done++) {
        round.add(next());
      }
      round.forEach(this::check);
    }
  }

  /** Reads back every value a good command stored; answers how many. */
  int verifyStored() {
    List<Sent> reads = new ArrayList<>();
    stored.forEach((key, bytes) -> reads.add(new Sent("final get of " + key, true,
        peer.<Value>askStatus(r -> new Execute<>(new Operation.Get(key), r)),
        reply -> ((Value) reply).bytes().map(b -> java.util.Arrays.equals(b.unsafeArray(), bytes))
            .orElse(false))));
    counters.forEach((key, value) -> reads.add(new Sent("final get of " + key, true,
        peer.<Value>askStatus(r -> new Execute<>(new Operation.Get(key), r)),
        reply -> ((Value) reply).bytes().map(b -> counter(b.unsafeArray()) == value)
            .orElse(false))));
    int inputs = good; // read-backs are checks, not fuzz inputs
    reads.forEach(this::check);
    good = inputs;
    return stored.size() + counters.size();
  }

  private Sent next() {
    int op = inputs.random().nextInt(100);
    if (op < 50) {
      return set();
    } else if (op < 62) {
      return increment();
    } else if (op < 72) {
      return read();
    } else if (op < 80) {
      return setAll();
    } else if (op < 86) {
      return scanOrExpire();
    } else if (op < 92) {
      return compareAndSet();
    }
    return batch();
  }

  private record Key(String key, boolean good) {}

  private Key key() {
    int kind = inputs.random().nextInt(100);
    if (kind < 60) {
      return new Key("raw:" + nextKey++ + ":" + inputs.text(0, 8), true);
    } else if (kind < 65) {
      return new Key("r".repeat(MAX_KEY_BYTES), true); // the client fuzz uses x...x
    } else if (kind < 80) {
      return new Key(inputs.text(10_240, 10_240), false);
    } else if (kind < 87) {
      return new Key("x".repeat(MAX_KEY_BYTES + 1), false);
    } else if (kind < 94) {
      return new Key("", false);
    }
    return new Key(null, false);
  }

  private String badKey() {
    Key key = key();
    while (key.good) {
      key = key();
    }
    return key.key;
  }

  private record Candidate(byte[] bytes, boolean good) {}

  /** The bytes as the protocol carries them (null stays null: a hostile peer sends it). */
  private static Bytes bytes(byte[] value) {
    return Bytes.wrapNullable(value);
  }

  private static Optional<Bytes> bytes(Optional<byte[]> value) {
    return value == null ? null : value.map(Bytes::wrap);
  }

  private static Map<String, Bytes> bytes(Map<String, byte[]> entries) {
    if (entries == null) {
      return null;
    }
    Map<String, Bytes> wrapped = new java.util.LinkedHashMap<>();
    entries.forEach((k, v) -> wrapped.put(k, bytes(v)));
    return wrapped;
  }

  private Candidate value() {
    int kind = inputs.random().nextInt(1000);
    if (kind < 500) {
      return new Candidate(inputs.bytes(ValueFormat.MAX_NESTING_DEPTH), true); // opaque bytes
    } else if (kind < 700) {
      List<Object> big = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        big.add(inputs.value(3));
      }
      return new Candidate(cbor(big), true); // long enough to be scanned for depth
    } else if (kind < 720) {
      return new Candidate(inputs.nestedCbor(ValueFormat.MAX_NESTING_DEPTH), true);
    } else if (kind < 800) {
      return new Candidate(inputs.nestedCbor(FuzzInputs.VERY_DEEP), false);
    } else if (kind < 860) {
      return new Candidate(inputs.nestedCbor(ValueFormat.MAX_NESTING_DEPTH + 1), false);
    } else if (kind < 863) {
      return new Candidate(new byte[MAX_VALUE_SIZE + 1 + inputs.random().nextInt(1000)], false);
    }
    return new Candidate(null, false);
  }

  private record Ttl(OptionalLong millis, boolean good) {}

  private Ttl ttl() {
    int kind = inputs.random().nextInt(100);
    if (kind < 50) {
      return new Ttl(OptionalLong.empty(), true);
    } else if (kind < 60) {
      return new Ttl(OptionalLong.of(3_600_000), true);
    } else if (kind < 70) {
      return new Ttl(OptionalLong.of(Long.MAX_VALUE), true);
    } else if (kind < 80) {
      return new Ttl(OptionalLong.of(0), false);
    } else if (kind < 90) {
      return new Ttl(OptionalLong.of(-1 - inputs.random().nextInt(1_000_000)), false);
    }
    return new Ttl(OptionalLong.of(Long.MIN_VALUE), false);
  }

  private Sent set() {
    Key key = key();
    Candidate value = value();
    Ttl ttl = ttl();
    boolean good = key.good && value.good && ttl.good;
    if (good) {
      stored.put(key.key, value.bytes);
    }
    return new Sent("set of " + ClientFuzz.show(key.key), good,
        peer.<Written>askStatus(r -> new Execute<>(new Operation.Set(key.key, bytes(value.bytes), ttl.millis), r)), any -> true);
  }

  private Sent increment() {
    int kind = inputs.random().nextInt(5);
    String key = "rawctr:" + inputs.random().nextInt(10);
    Optional<String> requestId = Optional.empty();
    OptionalLong ttl = OptionalLong.empty();
    boolean good = false;
    switch (kind) {
      case 0 -> requestId = Optional.of("");
      case 1 -> requestId = Optional.of("r".repeat(129));
      case 2 -> ttl = OptionalLong.of(inputs.chance(0.5) ? 0 : -1 - inputs.random().nextInt(100));
      case 3 -> key = badKey();
      default -> good = true;
    }
    long delta = inputs.random().nextInt(2001) - 1000;
    Predicate<Object> check = any -> true;
    if (good) {
      long expected = counters.getOrDefault(key, 0L) + delta;
      counters.put(key, expected);
      check = reply -> ((Counter) reply).value() == expected;
    }
    String k = key;
    Optional<String> id = requestId;
    OptionalLong t = ttl;
    return new Sent("increment of " + ClientFuzz.show(key), good,
        peer.<Counter>askStatus(r -> new Execute<>(new Operation.Increment(k, delta, t, id), r)),
        check);
  }

  private Sent read() {
    Key key = inputs.chance(0.5) ? new Key(badKey(), false) : new Key("raw:absent", true);
    return switch (inputs.random().nextInt(3)) {
      case 0 -> new Sent("get of " + ClientFuzz.show(key.key), key.good,
          peer.<Value>askStatus(r -> new Execute<>(new Operation.Get(key.key), r)), any -> true);
      case 1 -> new Sent("has of " + ClientFuzz.show(key.key), key.good,
          peer.<Exists>askStatus(r -> new Execute<>(new Operation.Has(key.key), r)), any -> true);
      default -> new Sent("delete of " + ClientFuzz.show(key.key), key.good,
          peer.<Deleted>askStatus(r -> new Execute<>(new Operation.Delete(key.key), r)),
          reply -> !((Deleted) reply).existed());
    };
  }

  private Sent setAll() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    boolean good = true;
    for (int i = inputs.random().nextInt(4); i >= 0; i--) {
      Key key = inputs.chance(0.8) ? new Key("raw:" + nextKey++, true) : key();
      Candidate value = inputs.chance(0.8) ? new Candidate(inputs.bytes(200), true) : value();
      if (key.key == null) {
        continue; // a map cannot carry a null key on the wire
      }
      good &= key.good && value.good;
      entries.put(key.key, value.bytes);
    }
    boolean allGood = good && !entries.isEmpty();
    if (entries.isEmpty()) {
      entries.put("raw:" + nextKey++, new byte[] {1});
      allGood = true;
    }
    if (allGood) {
      stored.putAll(entries);
    }
    Map<String, byte[]> sent = entries;
    return new Sent("setAll of " + entries.size() + " entries", allGood,
        peer.<Written>askStatus(
            r -> new Execute<>(new Operation.SetAll(bytes(sent), OptionalLong.empty()), r)),
        any -> true);
  }

  private Sent scanOrExpire() {
    return switch (inputs.random().nextInt(4)) {
      case 0 -> new Sent("scan with limit 0", false,
          peer.<KeyPage>askStatus(r -> new Execute<>(new Operation.Scan("*", "", 0), r)),
          any -> true);
      case 1 -> new Sent("scan with an over-long glob", false,
          peer.<KeyPage>askStatus(
              r -> new Execute<>(new Operation.Scan(inputs.text(2000, 2000), "", 10), r)),
          any -> true);
      case 2 -> new Sent("expire with a negative ttl", false,
          peer.<Applied>askStatus(
              r -> new Execute<>(new Operation.Expire("raw:0", -1 - inputs.random().nextInt(1000)), r)),
          any -> true);
      default -> new Sent("scan of raw:*", true,
          peer.<KeyPage>askStatus(r -> new Execute<>(new Operation.Scan("raw:1*", "", 100), r)),
          any -> true);
    };
  }

  private Sent compareAndSet() {
    String key = "raw:cas:" + nextKey++;
    byte[] deep = inputs.nestedCbor(FuzzInputs.VERY_DEEP);
    boolean expectDeep = inputs.random().nextBoolean();
    return new Sent("compareAndSet with a too-deep " + (expectDeep ? "expected" : "value"), false,
        peer.<Applied>askStatus(r -> new Execute<>(new Operation.CompareAndSet(key, bytes(expectDeep ? Optional.of(deep) : Optional.empty()), bytes(expectDeep ? cbor(1) : deep), OptionalLong.empty()), r)),
        any -> true);
  }

  /** A batch of a good set, a bad set and a get of the good key: answered one by one. */
  private Sent batch() {
    String key = "raw:batch:" + nextKey++;
    byte[] value = inputs.bytes(100);
    Candidate badValue = value();
    byte[] bad = badValue.good ? inputs.nestedCbor(FuzzInputs.VERY_DEEP) : badValue.bytes;
    stored.put(key, value);
    List<Request> requests = List.of(
        new Request(1, new Operation.Set(key, bytes(value), OptionalLong.empty())),
        new Request(2, new Operation.Set(key, bytes(bad), ttl().millis)),
        new Request(3, new Operation.Get(key)),
        new Request(4, new Operation.Size()));
    return new Sent("batch of a good and a bad set of " + key, true,
        peer.<Replies>ask(r -> new Batch(requests, r)),
        reply -> {
          List<Outcome> outcomes = new ArrayList<>();
          outcomes.addAll(((Replies) reply).outcomes());
          return outcomes.size() == 4
              && outcomes.get(0).error().isEmpty()
              && outcomes.get(1).error().filter(e -> e.startsWith("[invalid] ")).isPresent()
              && outcomes.get(2).reply()
                  .map(v -> java.util.Arrays.equals(
                      ((Value) v).bytes().map(Bytes::unsafeArray).orElse(null), value))
                  .orElse(false)
              && outcomes.get(3).error().filter(e -> e.startsWith("[invalid] ")).isPresent();
        });
  }

  private void check(Sent sent) {
    Object reply;
    try {
      reply = sent.reply.toCompletableFuture().get(Stages.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(sent.what + ": no reply from the store (" + e + ")", e);
    }
    if (sent.good) {
      good++;
      Object value = reply;
      if (reply instanceof StatusReply<?> status) {
        assertTrue(status.isSuccess(), sent.what + " is good but was refused: " + status);
        value = status.getValue();
      }
      assertTrue(sent.goodReply.test(value), sent.what + ": unexpected reply " + value);
      return;
    }
    bad++;
    StatusReply<?> status = (StatusReply<?>) reply;
    assertTrue(status.isError(), sent.what + " is bad but the store answered " + status);
    String error = status.getError().getMessage();
    assertTrue(error.startsWith("[invalid] ") && error.contains("refused: "),
        sent.what + ": the error does not say why: " + error);
  }

  private static byte[] cbor(Object value) {
    try {
      return ValueFormat.writer().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static long counter(byte[] bytes) {
    try {
      return ValueFormat.reader().forType(Long.class).readValue(bytes);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
