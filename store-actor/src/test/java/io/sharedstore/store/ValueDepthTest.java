package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.ValueDepth;
import io.sharedstore.store.internal.ValueFormat;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.cbor;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A value nests at most {@link ValueFormat#MAX_NESTING_DEPTH} arrays and objects: the manager
 * refuses a deeper one that a hostile peer sends as raw bytes, without recursing into it, and the
 * format's own writer refuses to produce one.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValueDepthTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 64, 64 * 1024, Duration.ofSeconds(60),
          1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  /** {@code depth} nested one-element CBOR arrays around the integer 1. */
  static byte[] nestedArrays(int depth) {
    byte[] bytes = new byte[depth + 1];
    Arrays.fill(bytes, (byte) 0x81);
    bytes[depth] = 0x01;
    return bytes;
  }

  /** {@code depth} nested one-entry CBOR maps {"a": ...} around the integer 1. */
  static byte[] nestedMaps(int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      out.write(0xA1);
      out.write(0x61);
      out.write('a');
    }
    out.write(0x01);
    return out.toByteArray();
  }

  @Test
  void theLimitIsTheDepthItselfAndNoMore() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    store.set("deepest", nestedArrays(ValueFormat.MAX_NESTING_DEPTH), NO_TTL);
    String error =
        refused(Refusal.INVALID,
            store.trySet("too-deep", nestedArrays(ValueFormat.MAX_NESTING_DEPTH + 1), NO_TTL));
    assertTrue(error.contains("deeper than 1000"), error);
  }

  @Test
  void aTenThousandDeepValueIsRefusedByEveryWriteAndTheStoreKeepsServing() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    byte[] deep = nestedArrays(10_000);
    byte[] deepMaps = nestedMaps(10_000);
    refused(Refusal.INVALID, store.trySet("a", deep, NO_TTL));
    refused(Refusal.INVALID, store.trySet("a", deepMaps, NO_TTL));
    refused(Refusal.INVALID, store.setIfAbsent("a", deep, NO_TTL));
    refused(Refusal.INVALID, store.getAndSet("a", deep, NO_TTL));
    refused(Refusal.INVALID, store.setAll(Map.of("a", deep), NO_TTL));
    refused(Refusal.INVALID,
        store.<Applied>ask(r -> new Execute<>(new Operation.CompareAndSet("a", bytes(Optional.of(deep)), bytes(cbor(1)), NO_TTL), r)));
    refused(Refusal.INVALID, store.deleteIfEquals("a", deepMaps));
    assertEquals(0, store.stats().storedEntries());

    store.set("a", cbor(1), NO_TTL);
    assertArrayEquals(cbor(1), store.get("a").orElseThrow());
  }

  @Test
  void bytesThatAreNotCborAreStillStoredAsOpaqueBytes() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    byte[] opaque = new byte[5000];
    Arrays.fill(opaque, (byte) 0xFF); // a lone "break" byte: not well-formed CBOR
    store.set("opaque", opaque, NO_TTL);
    byte[] bigText = cbor("x".repeat(40_000));
    store.set("big", bigText, NO_TTL);
    assertArrayEquals(bigText, store.get("big").orElseThrow());
    assertTrue(ok(store.<Exists>ask(r -> new Execute<>(new Operation.Has("opaque"), r))).exists());
  }

  @Test
  void theFormatsWriterRefusesAValueDeeperThanTheLimit() {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 0; i < 10_000; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    assertThrows(JsonProcessingException.class, () -> ValueFormat.writer().writeValueAsBytes(root));
    assertThrows(
        JsonProcessingException.class, () -> ValueFormat.reader().readTree(nestedArrays(10_000)));
  }

  @Test
  void theWalkAgreesWithJacksonsOwnLimitOnRandomValues() throws Exception {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    com.fasterxml.jackson.dataformat.cbor.CBORFactory unlimited =
        com.fasterxml.jackson.dataformat.cbor.CBORFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                .maxNestingDepth(5000).build())
            .build();
    int deep = 0;
    for (int i = 0; i < 300; i++) {
      int depth = random.nextBoolean() ? random.nextInt(50) : 990 + random.nextInt(20);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var generator = unlimited.createGenerator(out)) {
        write(generator, random, depth);
      }
      byte[] value = out.toByteArray();
      boolean jacksonRefuses;
      try (var parser = ValueFormat.reader().createParser(value)) {
        while (parser.nextToken() != null) {
          // walk every token
        }
        jacksonRefuses = false;
      } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
        jacksonRefuses = true;
      }
      deep += jacksonRefuses ? 1 : 0;
      assertEquals(jacksonRefuses, ValueDepth.tooDeep(value),
          "seed " + seed + ", value " + i + " of depth " + depth);
    }
    assertTrue(deep > 0, "no value was too deep (seed " + seed + ")");
  }

  /** A random value nesting exactly {@code depth} containers on one path, others beside it. */
  private static void write(com.fasterxml.jackson.core.JsonGenerator generator,
      java.util.Random random, int depth) throws java.io.IOException {
    if (depth == 0) {
      switch (random.nextInt(5)) {
        case 0 -> generator.writeNumber(random.nextLong());
        case 1 -> generator.writeString("s".repeat(random.nextInt(300)));
        case 2 -> generator.writeBinary(new byte[random.nextInt(300)]);
        case 3 -> generator.writeNumber(random.nextDouble());
        default -> generator.writeBoolean(random.nextBoolean());
      }
      return;
    }
    int siblings = random.nextInt(3);
    boolean definite = random.nextBoolean();
    if (random.nextBoolean()) {
      if (definite) {
        generator.writeStartArray(null, siblings + 1);
      } else {
        generator.writeStartArray();
      }
      for (int i = 0; i < siblings; i++) {
        write(generator, random, random.nextInt(Math.min(depth, 3)));
      }
      write(generator, random, depth - 1);
      generator.writeEndArray();
    } else {
      if (definite) {
        generator.writeStartObject(null, siblings + 1);
      } else {
        generator.writeStartObject();
      }
      for (int i = 0; i < siblings; i++) {
        generator.writeFieldName("f" + i);
        write(generator, random, random.nextInt(Math.min(depth, 3)));
      }
      generator.writeFieldName("last");
      write(generator, random, depth - 1);
      generator.writeEndObject();
    }
  }

  @Test
  void indefiniteLengthNestingIsCountedToo() {
    byte[] deep = new byte[5000];
    Arrays.fill(deep, (byte) 0x9F); // indefinite-length arrays, never closed
    assertTrue(ValueDepth.tooDeep(deep));
    byte[] shallow = new byte[2 * 1000];
    Arrays.fill(shallow, 0, 1000, (byte) 0x9F);
    Arrays.fill(shallow, 1000, 2000, (byte) 0xFF);
    assertTrue(ValueDepth.problem(shallow).isEmpty());
  }
}
