package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.ValueCodec;
import io.sharedstore.cluster.ValueTooLargeException;
import io.sharedstore.testsupport.ManagerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The manager in a JVM of its own, holding values of a type only this test knows: it keeps them
 * as bytes, so they round-trip, and the store's limits hold across the process boundary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagerProcessTest {

  /** A value type the manager's classpath does not have. */
  record Player(String name, int level, List<String> tags, Map<String, Double> stats) {}

  private static final Player ADA =
      new Player("Ada", 7, List.of("founder", "mage"), Map.of("hp", 41.5, "mana", 99.25));
  private static final Player GRACE =
      new Player("Grace", 3, List.of(), Map.of("hp", 12.0));

  private ManagerWithClient fixture;
  private ManagerProcess manager;
  private StoreClient store;

  @BeforeAll
  void startManagerAndConnect() throws Exception {
    fixture = ManagerWithClient.start(1);
    manager = fixture.manager();
    store = fixture.store();
  }

  @AfterAll
  void disconnectAndStopManager() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void managerRunsFromItsOwnClasspathWithoutApplicationClasses() {
    List<String> arguments = commandLine(manager.jvm().pid());
    int cp = arguments.indexOf("-cp");
    assertTrue(cp >= 0 && cp + 1 < arguments.size(), "no -cp in " + arguments);
    List<String> classpath = Arrays.asList(arguments.get(cp + 1).split(File.pathSeparator));

    assertTrue(
        classpath.stream().anyMatch(e -> e.matches(".*/manager-node/target/manager-node-[^/]*\\.jar")),
        "the manager's own jar is missing from " + classpath);
    for (String entry : classpath) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      assertAll(
          entry,
          () -> assertFalse(entry.contains("test-classes"), "a test-classes directory"),
          () -> assertFalse(name.equals("classes"), "a classes directory"),
          () -> assertFalse(name.startsWith("cluster-node"), "the cluster-node jar"),
          () -> assertFalse(name.startsWith("demo"), "the demo jar"),
          () -> assertFalse(name.startsWith("system-tests"), "this module"));
    }
  }

  @Test
  void recordUnknownToTheManagerRoundTrips() {
    Stages.result(store.set("player/ada", ADA));

    assertEquals(Optional.of(ADA), Stages.result(store.get("player/ada", Player.class)));
  }

  @Test
  void untypedGetAnswersAMapOfTheFields() {
    Stages.result(store.set("player/untyped", ADA));

    Object value = Stages.result(store.get("player/untyped")).orElseThrow();

    Map<?, ?> fields = assertInstanceOf(Map.class, value);
    assertEquals("Ada", fields.get("name"));
    assertEquals(7, fields.get("level"));
    assertEquals(List.of("founder", "mage"), fields.get("tags"));
    assertEquals(Map.of("hp", 41.5, "mana", 99.25), fields.get("stats"));
  }

  @Test
  void genericListRoundTripsWithATypeReference() {
    List<Player> team = List.of(ADA, GRACE);
    Stages.result(store.set("team", team));

    Optional<List<Player>> read = Stages.result(store.get("team", new TypeReference<>() {}));

    assertEquals(Optional.of(team), read);
  }

  @Test
  void hasAndDeleteReportWhetherTheKeyWasThere() {
    String key = "player/deleted";
    assertFalse(Stages.result(store.has(key)), "has before set");
    assertFalse(Stages.result(store.delete(key)), "delete before set");

    Stages.result(store.set(key, GRACE));
    assertTrue(Stages.result(store.has(key)), "has after set");
    assertTrue(Stages.result(store.delete(key)), "delete after set");

    assertFalse(Stages.result(store.has(key)), "has after delete");
    assertFalse(Stages.result(store.delete(key)), "delete after delete");
    assertEquals(Optional.empty(), Stages.result(store.get(key, Player.class)));
  }

  @Test
  void keyWithTtlReadsAsAbsentAfterIt() throws InterruptedException {
    String key = "player/ttl";
    // Long enough that a busy machine does not expire the key before the first read.
    Duration ttl = Duration.ofSeconds(3);
    long before = System.nanoTime();
    Stages.result(store.set(key, ADA, SetOptions.ttlMillis(ttl.toMillis())));
    assertTrue(Stages.result(store.has(key)), "present right after the write");

    Optional<Duration> gone = Poll.until(Duration.ofSeconds(15), () -> !Stages.result(store.has(key)));

    assertTrue(gone.isPresent(), "still present 15 s after a TTL of " + ttl);
    Duration sinceWrite = Duration.ofNanos(System.nanoTime() - before);
    assertTrue(sinceWrite.compareTo(ttl) >= 0, "expired after only " + sinceWrite);
    assertEquals(Optional.empty(), Stages.result(store.get(key, Player.class)));
  }

  @Test
  void valueOfExactlyTheLimitCrossesBothWaysAndOneByteMoreIsRefused() {
    int limit = Math.toIntExact(
        ConfigFactory.load().getBytes("shared-store.max-value-size"));
    byte[] largest = randomBytes(payloadSerializingTo(limit));
    assertEquals(limit, ValueCodec.get().encode("set", "big", largest).length);

    Stages.result(store.set("big", largest));
    byte[] read = Stages.result(store.get("big", byte[].class)).orElseThrow();
    assertArrayEquals(largest, read);

    byte[] tooLarge = randomBytes(largest.length + 1);
    ValueTooLargeException refused =
        Stages.failure(store.set("too-big", tooLarge), ValueTooLargeException.class);
    assertEquals(limit + 1L, refused.size());
    assertEquals(limit, refused.limit());
    assertFalse(Stages.result(store.has("too-big")), "the refused value was stored");
  }

  /** The byte array length whose CBOR encoding (header plus bytes) is {@code serializedSize}. */
  /**
   * The process's arguments. On Linux the JDK's {@code ProcessHandle.Info} answers none once the
   * command line passes 4 KiB (the manager's classpath does, with its metrics), so they are read
   * from {@code /proc/PID/cmdline} there.
   */
  private static List<String> commandLine(long pid) {
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        List<String> all = Arrays.asList(
            new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
        return all.subList(1, all.size());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().arguments())
        .map(Arrays::asList)
        .orElseThrow(() -> new AssertionError("cannot read the manager JVM's command line"));
  }

  private static int payloadSerializingTo(int serializedSize) {
    int header = ValueCodec.get().encode("set", "big", new byte[serializedSize]).length
        - serializedSize;
    return serializedSize - header;
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
