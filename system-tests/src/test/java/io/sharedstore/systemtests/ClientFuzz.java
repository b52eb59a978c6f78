package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreException;
import io.sharedstore.cluster.StoreTimeoutException;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.internal.ValueFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Random commands through the client API, in pipelined rounds: each is good (and must succeed,
 * with the answer the model predicts) or bad (and must fail with a typed exception that says
 * why, at the call or in its stage, never by timing out). The model is the last acknowledged
 * write per key; calls apply in the order they are made, so it is exact except for keys written
 * with a short TTL, which it marks unknown.
 */
final class ClientFuzz {

  private static final int ROUND = 200;
  private static final int MAX_KEY_BYTES = 1024;

  /** A call made: whether it was good, and its result (stage) or what it threw. */
  private record Call(String what, boolean good, CompletionStage<?> stage, RuntimeException thrown,
      Object expected) {}

  /** The answer nobody can predict (a key written with a short TTL may have expired). */
  private static final Object ANY = new Object();

  private final FuzzInputs inputs;
  private final StoreClient store;
  /** Known keys: present with a value (normalized as read back), or absent (empty). */
  private final Map<String, Optional<Object>> model = new HashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private final Map<String, Long> counters = new HashMap<>();
  private final List<String> written = new ArrayList<>();
  int good;
  int bad;

  ClientFuzz(FuzzInputs inputs, StoreClient store) {
    this.inputs = inputs;
    this.store = store;
  }

  /** Runs {@code commands} random commands, then reads every known key back. */
  void run(int commands) {
    for (int done = 0; done < commands; ) {
      List<Call> round = new ArrayList<>();
      for (int i = 0; i < ROUND && done < commands; i++, done++) {
        round.add(next());
      }
      round.forEach(this::check);
    }
  }

  /** Reads every key the model knows back; answers how many held a value. */
  int verifyStored() {
    List<Call> reads = new ArrayList<>();
    model.forEach((key, expected) ->
        reads.add(new Call("final get of " + show(key), true, store.get(key), null, expected)));
    counters.forEach((key, value) ->
        reads.add(new Call("final get of " + show(key), true, store.get(key), null,
            Optional.of(normalize(value)))));
    int inputs = good; // read-backs are checks, not fuzz inputs
    reads.forEach(this::check);
    good = inputs;
    return (int) (model.values().stream().filter(Optional::isPresent).count() + counters.size());
  }

  private Call next() {
    int op = inputs.random().nextInt(100);
    if (op < 65) {
      return set(false);
    } else if (op < 75) {
      return set(true);
    } else if (op < 85) {
      return increment();
    } else if (op < 92) {
      return delete();
    }
    return get();
  }

  /** A key: mostly good ones (often an earlier key again), sometimes one the client refuses. */
  private Key key() {
    int kind = inputs.random().nextInt(100);
    if (kind < 45 || (kind < 55 && written.isEmpty())) {
      return new Key("k" + inputs.random().nextInt(400), true);
    } else if (kind < 55) {
      return new Key(written.get(inputs.random().nextInt(written.size())), true);
    } else if (kind < 75) {
      return new Key(inputs.text(1, 40), true);
    } else if (kind < 80) {
      String longest = inputs.chance(0.5) ? "x".repeat(MAX_KEY_BYTES) : "é".repeat(512);
      return inputs.chance(0.5) ? new Key(longest, true) : new Key(longest + "y", false);
    } else if (kind < 88) {
      return new Key(inputs.text(10_240, 10_240), false); // 10 KB and more
    } else if (kind < 94) {
      return new Key(inputs.textWithUnpairedSurrogate(), false);
    } else if (kind < 97) {
      return new Key("", false);
    }
    return new Key(null, false);
  }

  private record Key(String key, boolean good) {}

  /** A value: mostly good, sometimes too deep, too large, null or not encodable. */
  private Value value() {
    int kind = inputs.random().nextInt(1000);
    if (kind < 850) {
      return new Value(inputs.value(inputs.random().nextInt(6)), true);
    } else if (kind < 880) {
      return new Value(FuzzInputs.nestedLists(ValueFormat.MAX_NESTING_DEPTH), true);
    } else if (kind < 910) {
      return new Value(FuzzInputs.nestedLists(ValueFormat.MAX_NESTING_DEPTH + 1), false);
    } else if (kind < 950) {
      return new Value(FuzzInputs.nestedLists(FuzzInputs.VERY_DEEP), false);
    } else if (kind < 952) {
      return new Value("v".repeat(1024 * 1024 + 1), false); // past max-value-size
    } else if (kind < 953) {
      return new Value("v".repeat(1000 * 1000), true); // large but within it
    } else if (kind < 975) {
      return new Value(List.of(inputs.textWithUnpairedSurrogate()), false);
    }
    return new Value(null, false);
  }

  private record Value(Object value, boolean good) {}

  /** A TTL: none, long, Long.MAX_VALUE ms, short (the model forgets the key), or invalid. */
  private Ttl ttl() {
    int kind = inputs.random().nextInt(100);
    if (kind < 55) {
      return new Ttl(() -> SetOptions.none(), true, false);
    } else if (kind < 65) {
      return new Ttl(() -> SetOptions.ttlMillis(3_600_000), true, false);
    } else if (kind < 75) {
      return new Ttl(() -> SetOptions.ttlMillis(Long.MAX_VALUE), true, false);
    } else if (kind < 85) {
      long millis = 1 + inputs.random().nextInt(100);
      return new Ttl(() -> SetOptions.ttlMillis(millis), true, true);
    } else if (kind < 90) {
      return new Ttl(() -> SetOptions.ttlMillis(0), false, false);
    } else if (kind < 95) {
      long millis = -1 - inputs.random().nextInt(1_000_000);
      return new Ttl(() -> SetOptions.ttlMillis(millis), false, false);
    }
    return new Ttl(() -> SetOptions.ttlMillis(Long.MIN_VALUE), false, false);
  }

  private record Ttl(Supplier<SetOptions> options, boolean good, boolean shortLived) {}

  private Call set(boolean ifAbsent) {
    Key key = key();
    Value value = value();
    Ttl ttl = ttl();
    boolean good = key.good && value.good && ttl.good;
    String what = (ifAbsent ? "setIfAbsent" : "set") + " of " + show(key.key);
    Object expected = ANY;
    if (good) {
      Optional<Object> before = model.get(key.key);
      boolean known = !unknown.contains(key.key);
      boolean absent = before == null || before.isEmpty();
      Object now = ttl.shortLived ? null : normalize(value.value);
      if (!ifAbsent) {
        remember(key.key, now);
      } else if (!known) {
        remember(key.key, null);
      } else {
        expected = absent;
        if (absent) {
          remember(key.key, now);
        }
      }
    }
    try {
      SetOptions options = ttl.options.get();
      CompletionStage<?> stage =
          ifAbsent
              ? store.setIfAbsent(key.key, value.value, options)
              : store.set(key.key, value.value, options);
      return new Call(what, good, stage, null, expected);
    } catch (RuntimeException e) {
      return new Call(what, good, null, e, expected);
    }
  }

  private Call increment() {
    boolean good = inputs.chance(0.85);
    String key = good ? "ctr:" + inputs.random().nextInt(20) : key().key;
    if (!good && key != null && KeyRules.problem(key, MAX_KEY_BYTES).isEmpty()) {
      key = "x".repeat(MAX_KEY_BYTES + 1);
    }
    long delta = inputs.random().nextInt(2001) - 1000;
    Object expected = ANY;
    if (good) {
      long value = counters.getOrDefault(key, 0L) + delta;
      counters.put(key, value);
      expected = value;
    }
    try {
      return new Call("increment of " + show(key), good, store.increment(key, delta), null,
          expected);
    } catch (RuntimeException e) {
      return new Call("increment of " + show(key), good, null, e, expected);
    }
  }

  private Call delete() {
    Key key = written.isEmpty() || inputs.chance(0.2) ? key() : new Key(
        written.get(inputs.random().nextInt(written.size())), true);
    Object expected = ANY;
    if (key.good) {
      Optional<Object> before = model.get(key.key);
      if (!unknown.contains(key.key)) {
        expected = before != null && before.isPresent();
      }
      unknown.remove(key.key);
      model.put(key.key, Optional.empty());
      if (before == null) {
        written.add(key.key);
      }
    }
    try {
      return new Call("delete of " + show(key.key), key.good, store.delete(key.key), null,
          expected);
    } catch (RuntimeException e) {
      return new Call("delete of " + show(key.key), key.good, null, e, expected);
    }
  }

  private Call get() {
    Key key = written.isEmpty() || inputs.chance(0.2) ? key() : new Key(
        written.get(inputs.random().nextInt(written.size())), true);
    Object expected = ANY;
    if (key.good && model.containsKey(key.key) && !unknown.contains(key.key)) {
      expected = model.get(key.key);
    }
    try {
      return new Call("get of " + show(key.key), key.good, store.get(key.key), null, expected);
    } catch (RuntimeException e) {
      return new Call("get of " + show(key.key), key.good, null, e, expected);
    }
  }

  /** Records a write: the value the key now holds, or null if it cannot be known. */
  private void remember(String key, Object value) {
    if (!model.containsKey(key) && !unknown.contains(key)) {
      written.add(key);
    }
    if (value == null) {
      unknown.add(key);
      model.remove(key);
    } else {
      unknown.remove(key);
      model.put(key, Optional.of(value));
    }
  }

  private void check(Call call) {
    if (call.good) {
      good++;
      if (call.thrown != null) {
        fail(call.what + " is good but threw " + call.thrown, call.thrown);
      }
      Object result = await(call);
      if (call.expected != ANY) {
        Object actual = result instanceof Optional<?> o ? o.map(ClientFuzz::normalize) : result;
        assertEquals(call.expected, actual, call.what);
      }
      return;
    }
    bad++;
    Throwable error = call.thrown != null ? call.thrown : failure(call);
    assertTrue(error instanceof IllegalArgumentException
            || error instanceof NullPointerException
            || (error instanceof StoreException && !(error instanceof StoreTimeoutException)),
        call.what + " is bad: expected a typed refusal, got " + error);
    assertFalse(error.getMessage() == null || error.getMessage().isBlank(),
        call.what + ": the error says nothing: " + error);
  }

  private static Object await(Call call) {
    try {
      return call.stage.toCompletableFuture().get(Stages.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(call.what + " is good but failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      throw new AssertionError(call.what + " did not complete", e);
    }
  }

  private static Throwable failure(Call call) {
    try {
      Object value =
          call.stage.toCompletableFuture().get(Stages.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(call.what + " is bad but answered " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException | InterruptedException e) {
      throw new AssertionError(call.what + " did not complete", e);
    }
  }

  /** A value as the store gives it back untyped: through the format and back. */
  static Object normalize(Object value) {
    try {
      return ValueFormat.reader().forType(Object.class)
          .readValue(ValueFormat.writer().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String show(String key) {
    if (key == null) {
      return "[null]";
    }
    String escaped = key.codePoints().limit(40)
        .mapToObj(c -> c < 0x20 || c == 0x7F ? String.format("\\u%04X", c) : Character.toString(c))
        .reduce("", String::concat);
    return "[" + escaped + (key.length() > 40 ? "...(" + key.length() + " chars)" : "") + "]";
  }
}
