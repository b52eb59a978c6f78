package io.sharedstore.systemtests;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.CborSerializable;
import io.sharedstore.store.StoreActor;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against a real manager JVM: 10,000 random commands (seeded; the seed is printed,
 * rerun one with {@code -Dfuzz.seed=N}), most through the client API and the rest crafted by a
 * bare ActorSystem straight to the store's remote ref, plus messages the store does not know, of
 * a class the manager does not have, and Java-serialized. Every bad input gets a clear error
 * (a typed exception at the client, an {@code [invalid]} reply at the raw ref) or is dropped with
 * a log line; every good one is stored and reads back; the manager stays alive and logs no error.
 */
class HostileInputFuzzTest {

  private static final int COMMANDS = 10_000;
  private static final int THROUGH_CLIENT = 7_000;

  /** A message of a class the manager does not have, in the store's own serialization. */
  record UnknownToTheStore(String text) implements CborSerializable {}

  /** A message only Java serialization can carry, which the manager has turned off. */
  record JavaSerialized(String text) implements Serializable {}

  private static final Pattern MANAGER_TROUBLE =
      Pattern.compile(" ERROR |StackOverflowError|OutOfMemoryError|[Rr]estart|Supervisor");

  /**
   * The one error Pekko itself logs, by design, for a message it cannot deserialize (here the two
   * the test sends on purpose); any other error line fails the test.
   */
  private static final Pattern DROPPED_BY_PEKKO =
      Pattern.compile(" ERROR o\\.a\\.pekko\\.remote\\.artery\\.Deserializer - Failed to deserialize"
          + " message from \\[pekko://hostile-peer@");

  @Test
  void tenThousandRandomCommandsGetAnAnswerAndTheManagerKeepsServing() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("HostileInputFuzzTest: seed " + seed + " (rerun: -Dfuzz.seed=" + seed + ")");
    FuzzInputs inputs = new FuzzInputs(new Random(seed));
    long started = System.nanoTime();
    try (ManagerWithClient fixture = ManagerWithClient.start(40);
        RawPeer peer = new RawPeer(fixture.manager().address())) {
      // The first calls open the connections: give them room on a loaded machine.
      Stages.result(fixture.store().set("warm-up", 1, Duration.ofSeconds(20)));
      StatusReply<?> warm = Stages.result(peer.<Written>askStatus(
          r -> new Execute<>(new Operation.Set("raw:warm-up", Bytes.wrap(new byte[] {1}), OptionalLong.empty()), r)));
      assertTrue(warm.isSuccess(), String.valueOf(warm));

      long phase = System.nanoTime();
      ClientFuzz client = new ClientFuzz(inputs, fixture.store());
      client.run(THROUGH_CLIENT);
      phase = lap("through the client", phase);
      RawFuzz raw = new RawFuzz(inputs, peer);
      int foreign = sendForeignMessages(fixture, peer);
      raw.run(COMMANDS - THROUGH_CLIENT - foreign);
      phase = lap("raw", phase);

      int storedByClient = client.verifyStored();
      int storedByRaw = raw.verifyStored();
      lap("read-back", phase);

      int tried = client.good + client.bad + raw.good + raw.bad + foreign;
      System.out.printf(
          "HostileInputFuzzTest: %d inputs tried in %.1f s (seed %d): through the client %d good"
              + " + %d bad, raw %d good + %d bad, %d foreign messages; %d + %d values read back%n",
          tried, (System.nanoTime() - started) / 1e9, seed, client.good, client.bad, raw.good, raw.bad, foreign, storedByClient, storedByRaw);
      assertEquals(COMMANDS, tried);

      assertTrue(fixture.manager().jvm().isAlive(), "the manager died");
      List<String> trouble = fixture.manager().jvm().lines().stream()
          .filter(line -> MANAGER_TROUBLE.matcher(line).find())
          .filter(line -> !DROPPED_BY_PEKKO.matcher(line).find())
          .toList();
      assertEquals(List.of(), trouble, "the manager logged trouble");
    }
  }

  /**
   * Messages that are no store command: each is dropped with a log line on the manager, and the
   * manager answers the next command as usual. Answers how many were sent.
   */
  private static int sendForeignMessages(ManagerWithClient fixture, RawPeer peer)
      throws Exception {
    peer.tellAnything("a string is no command");
    awaitManagerLine(fixture, "Dropped a message the store does not know: [java.lang.String]");

    peer.tellAnything(new UnknownToTheStore("hello"));
    awaitManagerLine(fixture, "UnknownToTheStore");

    peer.tellAnything(new JavaSerialized("rm -rf /"));
    awaitManagerLine(fixture, "allow-java-serialization");

    StatusReply<Value> after = Stages.result(
        peer.<Value>askStatus(r -> new Execute<>(new Operation.Get("raw:warm-up"), r)));
    assertArrayEquals(new byte[] {1}, after.getValue().bytes().orElseThrow().toArray());
    assertEquals(Optional.of(1), Stages.result(fixture.store().get("warm-up", Integer.class)));
    return 4;
  }

  private static long lap(String what, long since) {
    long now = System.nanoTime();
    System.out.printf("HostileInputFuzzTest: %s took %.1f s (load %s)%n", what, (now - since) / 1e9,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return now;
  }

  private static void awaitManagerLine(ManagerWithClient fixture, String text) throws Exception {
    fixture.manager().jvm().awaitLine(Pattern.compile(Pattern.quote(text)), Duration.ofSeconds(20));
  }
}
